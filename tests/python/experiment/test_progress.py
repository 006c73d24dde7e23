"""The progress display: one rewritten line on a terminal, plain lines
otherwise."""
import io

from mxa.experiment.progress import Progress


class Tty(io.StringIO):
    def isatty(self):
        return True


def test_terminal_gets_one_rewritten_line():
    s = Tty()
    p = Progress(4, done=1, stream=s)
    p.update(2, "a")
    p.update(3, "b")
    p.finish()
    text = s.getvalue()
    assert text.count("\r\033[K") == 2 and text.count("\n") == 1
    assert "[3/4]  75% ETA " in text and "ETA ?" not in text


def test_pipe_gets_plain_lines():
    s = io.StringIO()
    p = Progress(2, stream=s)
    p.update(1, "x")
    p.update(2, "y")
    p.finish()
    lines = s.getvalue().splitlines()
    assert [ln.split()[0] for ln in lines] == ["[1/2]", "[2/2]"]
    assert "\r" not in s.getvalue()
