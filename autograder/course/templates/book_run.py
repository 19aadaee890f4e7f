%matplotlib inline
%config InlineBackend.figure_formats = ['retina']


def _dlb_mark_font_size():
    """Each figure's PNG gets a tEXt chunk "dlb:min-font-pt": the smallest font of the text drawn in it."""
    import base64
    import struct
    import zlib

    from matplotlib.figure import Figure
    from matplotlib.text import Text

    formatter = get_ipython().display_formatter.formatters["image/png"]
    retina = formatter.lookup_by_type(Figure)
    draw = Text.draw

    def drawn(self, renderer):
        if self.get_visible() and self.get_text().strip():
            sizes.append(self.get_fontsize())
        return draw(self, renderer)

    def png(fig):
        sizes.clear()
        Text.draw = drawn
        try:
            out = retina(fig)
        finally:
            Text.draw = draw
        data, metadata = out if isinstance(out, tuple) else (out, None)
        raw = base64.b64decode(data) if isinstance(data, str) else data   # IPython hands base64 text
        if sizes and raw[12:16] == b"IHDR":
            payload = b"dlb:min-font-pt\0" + f"{min(sizes):.2f}".encode()
            chunk = struct.pack(">I", len(payload)) + b"tEXt" + payload + struct.pack(">I", zlib.crc32(b"tEXt" + payload))
            raw = raw[:33] + chunk + raw[33:]
            data = base64.b64encode(raw).decode("ascii") if isinstance(data, str) else raw
        return data if metadata is None else (data, metadata)

    sizes = []
    formatter.for_type(Figure, png)


_dlb_mark_font_size()
del _dlb_mark_font_size
