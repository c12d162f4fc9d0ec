"""A refused form shows again what was typed: the refill of the form that was posted."""

from __future__ import annotations

from starlette.datastructures import FormData

from episurv.web.refill import refill, submitted

PAGE = """<form method="get" action="/x" class="filters"><input type="text" name="q" value="">
</form>
<form method="post" action="/x"><input type="hidden" name="person_id" value="1">
  <input type="text" name="note" value=""></form>
<form method="post" action="/x"><input type="hidden" name="csrf_token" value="T">
  <input type="hidden" name="person_id" value="2"><input type="hidden" name="version" value="7">
  <input type="date" name="date" value="2021-11-10" required>
  <input type="number" name="spo2" min="50">
  <input type="password" name="password">
  <input type="checkbox" name="supervised" value="1" checked>
  <input type="checkbox" name="cough" value="1">
  <select name="result"><option value="negative" selected>âm tính</option>
    <option value="positive">dương tính</option></select>
  <select name="package"><option>A</option><option>B</option></select>
  <textarea name="text">old</textarea></form>"""


def test_the_posted_form_gets_its_values_back_and_only_it():
    form = FormData([("csrf_token", "T"), ("person_id", "2"), ("version", "6"),
                     ("date", "2021-11-31"), ("spo2", "9x"), ("password", "secret"),
                     ("cough", "1"), ("result", "positive"), ("package", "B"),
                     ("text", "<b>mới</b> & \"x\"")])
    out = refill(PAGE, "/x", submitted(form))
    get_form, first, second = out.split("</form>")[:3]
    assert 'name="q" value=""' in get_form  # a search form is not the one posted
    assert 'name="note" value=""' in first  # another person's form: person_id differs
    assert "name=\"date\" required value=\"2021-11-31\"" in second
    assert 'name="spo2" min="50" value="9x"' in second
    assert "secret" not in out  # passwords are never written back
    assert 'name="version" value="7"' in second  # nor the server's hidden fields
    assert 'name="supervised" value="1">' in second  # unticked when it was not sent
    assert 'name="cough" value="1" checked>' in second
    assert '<option value="negative">âm tính' in second
    assert '<option value="positive" selected>dương tính' in second
    assert "<option selected>B</option>" in second
    assert "<textarea name=\"text\">&lt;b&gt;mới&lt;/b&gt; &amp; \"x\"</textarea>" in second


def test_nothing_posted_to_another_path_is_touched():
    form = FormData([("note", "x")])
    assert refill(PAGE, "/y", submitted(form)) == PAGE
