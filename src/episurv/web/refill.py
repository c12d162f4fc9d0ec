"""A refused form comes back with what was typed in it.

Every page that shows a form's error renders the page again; `refill` then puts the submitted
values back into the form that was sent, so that nobody types a whole form again for one wrong
field. The form is the one posting to the same path whose hidden fields (the record it acts on:
a person, a notice) match the submitted ones; its text, number, date and other inputs get their
value back, selects their option, checkboxes their state, text areas their text. Passwords and
files are never written back (a browser does not refill them either), nor hidden fields (the
server's own: the form token, a record's version).
"""

from __future__ import annotations

import re
from html import escape, unescape
from typing import Any
from urllib.parse import unquote

_FORM = re.compile(r"<form\b[^>]*>.*?</form>", re.S | re.I)
_ATTR = re.compile(r'([\w:-]+)(?:\s*=\s*"([^"]*)")?')
_INPUT = re.compile(r"<input\b[^>]*>", re.I)
_SELECT = re.compile(r"(<select\b[^>]*>)(.*?)(</select>)", re.S | re.I)
_OPTION = re.compile(r"<option\b([^>]*)>(.*?)(?=<option\b|</select>|</optgroup>|$)", re.S | re.I)
_TEXTAREA = re.compile(r"(<textarea\b[^>]*>)(.*?)(</textarea>)", re.S | re.I)
NEVER = ("hidden", "password", "file", "submit", "button", "reset", "image")
SERVER_OWN = ("csrf_token", "version")  # hidden fields that say nothing of which form it was


def submitted(form: Any) -> dict[str, list[str]]:
    """The text values of a submitted form (files left out), each name with its values."""
    out: dict[str, list[str]] = {}
    for name, value in form.multi_items():
        if isinstance(value, str):
            out.setdefault(name, []).append(value)
    return out


def _attrs(tag: str) -> dict[str, str]:
    inner = tag[tag.index(" "):].rstrip(">/ ") if " " in tag else ""
    return {k.lower(): unescape(v or "") for k, v in _ATTR.findall(inner)}


def _set_attr(tag: str, name: str, value: str | None) -> str:
    """The tag with attribute `name` set to `value` (None: a bare attribute like `checked`)."""
    tag = re.sub(rf'\s{name}(?:="[^"]*")?(?=[\s/>])', "", tag, flags=re.I)
    added = f" {name}" if value is None else f' {name}="{escape(value, quote=True)}"'
    end = len(tag) - (2 if tag.endswith("/>") else 1)
    return tag[:end] + added + tag[end:]


def _drop_attr(tag: str, name: str) -> str:
    return re.sub(rf'\s{name}(?:="[^"]*")?(?=[\s/>])', "", tag, flags=re.I)


def _fill(form_html: str, values: dict[str, list[str]]) -> str:
    def one_input(m: re.Match) -> str:
        tag = m.group(0)
        a = _attrs(tag)
        name, kind = a.get("name"), a.get("type", "text").lower()
        if not name or kind in NEVER:
            return tag
        sent = values.get(name, [])
        if kind in ("checkbox", "radio"):
            on = a.get("value", "on") in sent
            return _set_attr(tag, "checked", None) if on else _drop_attr(tag, "checked")
        return _set_attr(tag, "value", sent[0]) if sent else _set_attr(tag, "value", "")

    def one_select(m: re.Match) -> str:
        name = _attrs(m.group(1)).get("name")
        if not name or name not in values:
            return m.group(0)
        sent = values[name]

        def option(o: re.Match) -> str:
            attrs, text = o.group(1), o.group(2)
            label = re.sub(r"</option>.*", "", text, flags=re.S)
            value = _attrs(f"<option{attrs}>").get("value", unescape(label).strip())
            tag = _drop_attr(f"<option{attrs}>", "selected")
            return (_set_attr(tag, "selected", None) if value in sent else tag) + text
        return m.group(1) + _OPTION.sub(option, m.group(2)) + m.group(3)

    def one_textarea(m: re.Match) -> str:
        name = _attrs(m.group(1)).get("name")
        if not name or name not in values:
            return m.group(0)
        return m.group(1) + escape(values[name][0], quote=False) + m.group(3)

    form_html = _SELECT.sub(one_select, form_html)
    form_html = _TEXTAREA.sub(one_textarea, form_html)
    return _INPUT.sub(one_input, form_html)


def refill(html: str, action: str, values: dict[str, list[str]]) -> str:
    """`html` with the form that posted `values` to `action` showing them again."""
    def matches(form_html: str) -> bool:
        tag = form_html[:form_html.index(">") + 1]
        a = _attrs(tag)
        if unquote(a.get("action", "")) != unquote(action) or a.get("method") != "post":
            return False
        for m in _INPUT.finditer(form_html):
            a = _attrs(m.group(0))
            name = a.get("name")
            if (a.get("type", "").lower() == "hidden" and name and name not in SERVER_OWN
                    and name in values and values[name] != [a.get("value", "")]):
                return False
        return True

    done = False

    def one_form(m: re.Match) -> str:
        nonlocal done
        if done or not matches(m.group(0)):
            return m.group(0)
        done = True
        return _fill(m.group(0), values)
    return _FORM.sub(one_form, html)
