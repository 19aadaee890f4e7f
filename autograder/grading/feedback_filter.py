"""nbgrader feedback step that keeps hidden tests out of what students get back."""
from nbgrader.preprocessors import NbGraderPreprocessor

from ..cells import BEGIN_HIDDEN, is_graded_test, split_hidden

HIDDEN_NOTE = "# (숨은 테스트는 표시하지 않습니다 / hidden tests are not shown)"


class HideHiddenTests(NbGraderPreprocessor):
    """Remove hidden test code from test cells and tracebacks (which quote the failing source line)."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code" and (is_graded_test(cell) or BEGIN_HIDDEN in cell.source):
            visible, hidden = split_hidden(cell.source)
            if hidden.strip():
                cell.source = visible.rstrip() + "\n\n" + HIDDEN_NOTE
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    output["traceback"] = [f"{output.get('ename', 'Error')}: {output.get('evalue', '')}"]
        return cell, resources
