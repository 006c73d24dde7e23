# SPDX-License-Identifier: MIT
"""mxa.Error: every failure of the package, from libmxa or from the checks
of the Python layer, with an errno and a readable message."""
import errno as _errno


class Error(Exception):
    """A failure of libmxa or of an argument check.

    .errno is the positive errno value (libmxa returns its negative);
    str() is the message: for library failures, mxa_last_error().
    """

    def __init__(self, errno, message):
        super().__init__(message)
        self.errno = errno
        self.message = message

    def __str__(self):
        return self.message

    def __repr__(self):
        name = _errno.errorcode.get(self.errno, str(self.errno))
        return f"mxa.Error({name}, {self.message!r})"


def invalid(message):
    """The error of a bad argument found on the Python side (EINVAL)."""
    return Error(_errno.EINVAL, message)
