"""Signing in through the form as a browser does: the form's CSRF token first, then the post."""

from __future__ import annotations

import re


def sign_in(client, email: str, password: str, next: str = "/"):
    """Post the sign-in form with the token of a freshly loaded form; returns the response."""
    form = client.get("/signin")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)
    return client.post("/signin", data={"email": email, "password": password, "next": next,
                                        "csrf_token": token}, follow_redirects=False)
