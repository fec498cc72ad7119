"""Modal dialogs: small screens that ask one thing and hand the answer back by ``dismiss``.

A dialog never imports the screen that opens it (that would make a cycle): the opener passes
what the dialog needs in its constructor and reads the result in its callback.
"""
