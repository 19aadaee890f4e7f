# 딥러닝 기초 / Deep Learning Basics
#   make        set up, generate lessons, build the book, grade the example class
#   make test   set up and run every test
#   make check  the quick inner loop (≤ 3 min): lint, fast unit tests, lessons and tables up to date
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.requirements-installed
DEBIAN_PACKAGES := bubblewrap chromium fonts-nanum postgresql slurm-wlm munge dataset-fashion-mnist
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all setup system-packages lessons book grade test check clean

all: setup lessons book grade
	@echo
	@echo "책 / book:        $(CURDIR)/_build/html/index.html"
	@echo "성적 / grades:    $(CURDIR)/_build/grading/grades.csv"
	@echo "피드백 / feedback: $(CURDIR)/_build/grading/feedback/"

setup: system-packages $(STAMP)

# Debian packages: bubblewrap (grading sandbox), chromium (browser tests), fonts-nanum (Korean glyphs),
# postgresql (the server binaries the shared-gradebook tests start a throwaway cluster with),
# slurm-wlm and munge (the Slurm test starts a single-node cluster with them and runs autograder/jobs/),
# dataset-fashion-mnist (60,000 images: the MNIST benchmark measures full-size training speed on them);
# npm fetches the book's offline assets (MathJax, a Korean web font) from book/package-lock.json.
system-packages:
	@missing=$$(for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages: $$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { echo "postgresql installed but no initdb in /usr/lib/postgresql/*/bin" >&2; exit 1; }
	@command -v npm >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq nodejs npm; }

# The course's own package (pyproject.toml) is installed editable, so `autograder` works from any folder.
$(STAMP): requirements.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	$(PY) -m pip install -q --no-deps --no-build-isolation -e .
	@touch $@

lessons: setup
	$(PY) -m autograder lessons

book: setup
	$(PY) -m autograder book

grade: setup
	$(PY) -m autograder grade autograder/example_class/submitted --out _build/grading

test: setup
	$(PY) -m pytest -n 2 --dist loadgroup --durations=25 tests

# make check: unit tests that need no kernel, no grading run and no book build (seconds each); the two
# deselected tests build the book and run every lesson, which make test does.
QUICK_TESTS := suite_groups readme cli_anywhere chapter_deps markdown_tables terminology shard_env job_files answer_allowlist \
               preflight collect similarity lessons leaks trusted_processes
check: setup
	$(VENV)/bin/ruff check .
	$(PY) -m autograder lessons --verify
	$(PY) -m pytest -n 2 -q $(patsubst %,tests/test_%.py,$(QUICK_TESTS)) \
	  -k "not test_book_page_shows and not test_lesson_runs_alone"

clean:
	rm -rf _build book/chapters
