"""A careless caller in a notebook: every wrong call is a ``uvp.ParameterError`` with a Dutch
message that names the argument, never a bare TypeError, AttributeError or KeyError from deep
inside the library."""

from __future__ import annotations

import io
import sys
from datetime import date, datetime

import pytest

import uvp_excel as uvp
from tests.helpers.returns import fill, handed_out


@pytest.fixture
def returned(mini, tmp_path):
    """A folder with one return that changed one status."""
    folder = tmp_path / "ingevuld"
    folder.mkdir()
    fill(handed_out(mini), folder / "anne.xlsx", {("P1-01", "status"): "Afgerond"})
    return folder


@pytest.fixture
def stand(mini, returned) -> bytes:
    target = io.BytesIO()
    uvp.merge(mini, [returned]).write(target)
    return target.getvalue()


def raised(call) -> tuple[str | None, str]:
    with pytest.raises(uvp.ParameterError) as error:
        call()
    return error.value.parameter, str(error.value)


@pytest.mark.parametrize(("item", "message"), [
    (b"PK\x03\x04", "inputs bevat bytes; geef ze als io.BytesIO(...)"),
    (3, "inputs bevat 3 (int); geef een pad of een binair geopend bestand"),
    (None, "inputs bevat None; geef een pad of een binair geopend bestand"),
])
@pytest.mark.parametrize("function", [uvp.merge, uvp.validate, uvp.summarise])
def test_an_input_that_is_no_file_names_inputs(mini, returned, function, item, message):
    assert raised(lambda: function(mini, [returned, item])) == ("inputs", message)


def test_an_input_opened_as_text_or_closed_names_inputs(mini, returned):
    path = returned / "anne.xlsx"
    with path.open(encoding="utf-8") as text:
        assert raised(lambda: uvp.merge(mini, [text])) == (
            "inputs", f"inputs: {path} is als tekst geopend; open het binair "
                      "(open(pad, 'rb'))")
    with path.open("rb") as closed:
        pass
    assert raised(lambda: uvp.validate(mini, [closed])) == (
        "inputs", f"inputs: {path} is al gesloten")


def test_a_base_opened_as_text_names_base(mini, returned, tmp_path):
    path = returned / "anne.xlsx"
    with path.open(encoding="utf-8") as text:
        assert raised(lambda: uvp.build(mini, io.BytesIO(), base=text)) == (
            "base", f"base: {path} is als tekst geopend; open het binair (open(pad, 'rb'))")
        assert raised(lambda: uvp.merge(mini, [returned], base=text))[0] == "base"


def test_no_inputs_at_all_names_inputs(mini):
    assert raised(lambda: uvp.merge(mini, [])) == (
        "inputs", "inputs is leeg; geef minstens één bestand of map")


def test_an_output_opened_as_text_or_closed_names_output(mini, returned, tmp_path):
    path = tmp_path / "w.xlsx"
    with path.open("w", encoding="utf-8") as text:
        assert raised(lambda: uvp.build(mini, text)) == (
            "output", f"output: {path} is als tekst geopend; open het binair "
                      "(open(pad, 'wb'))")
    closed = io.BytesIO()
    closed.close()
    result = uvp.merge(mini, [returned])
    assert raised(lambda: result.write(closed)) == (
        "output", "output: het bestandsobject is al gesloten")
    assert raised(lambda: uvp.budget(mini, 42)) == (  # type: ignore[arg-type]
        "output", "output is 42 (int); geef een pad of een binair geopend bestand")


def test_a_format_the_library_does_not_write_names_file_format(mini, stand):
    summary = uvp.summarise(mini, [io.BytesIO(stand)])
    assert raised(lambda: summary.write(io.BytesIO(), file_format="pdf")) == (
        "file_format", "file_format 'pdf' is geen formaat; kies uit: html, md, csv, json, xlsx")
    assert raised(lambda: uvp.budget(mini, io.BytesIO(), file_format="json")) == (
        "file_format", "file_format 'json' is geen formaat; kies uit: xlsx, csv")
    # Upper case is the same format, as it is in a file name's suffix.
    target = io.BytesIO()
    assert summary.write(target, file_format="HTML") == "html"
    assert target.getvalue().startswith(b"<!DOCTYPE html>")


def test_a_suffix_no_format_fits_says_how_to_choose_one(mini, stand, tmp_path):
    summary = uvp.summarise(mini, [io.BytesIO(stand)])
    assert raised(lambda: summary.write(tmp_path / "voortgang.txt")) == (
        "file_format", "onbekend bestandsformaat '.txt'; kies uit: html, md, csv, json, xlsx, "
                       "of kies het formaat met file_format")


def test_a_peildatum_as_datetime_is_its_day_and_anything_else_is_refused(mini, stand):
    summary = uvp.summarise(mini, [io.BytesIO(stand)], peildatum=datetime(2024, 8, 15, 12, 30))
    assert summary.peildatum == date(2024, 8, 15)
    assert raised(lambda: uvp.summarise(mini, [io.BytesIO(stand)],
                                        peildatum=20240930)) == (  # type: ignore[arg-type]
        "peildatum", "peildatum 20240930 (int) is geen datum; geef een date of tekst als "
                     "'30-09-2024'")


@pytest.mark.parametrize("programme", [None, "heiloo"])
def test_something_else_than_a_programme_names_programme(programme, tmp_path):
    message = f"programme is {programme!r} ({type(programme).__name__}), geen programma; laad " \
              "het met uvp.load_programme()"
    for call in (lambda: uvp.build(programme, io.BytesIO()),
                 lambda: uvp.split(programme, tmp_path / "uit"),
                 lambda: uvp.merge(programme, [tmp_path]),
                 lambda: uvp.budget(programme, io.BytesIO()),
                 lambda: uvp.check_programme(programme)):
        assert raised(call) == ("programme", message)
    assert not (tmp_path / "uit").exists()


def test_split_into_a_file_says_so_in_dutch(mini, tmp_path):
    (tmp_path / "uit").write_text("", encoding="utf-8")
    with pytest.raises(uvp.FileError) as error:
        uvp.split(mini, tmp_path / "uit")
    assert str(error.value) == f"{tmp_path / 'uit'}: is een bestand, geen map"
    with pytest.raises(uvp.FileError) as error:
        uvp.split(mini, tmp_path / "uit" / "q3")
    assert str(error.value) == (f"{tmp_path / 'uit' / 'q3'}: kan de map niet maken (een deel "
                                "van het pad is een bestand, geen map)")


def test_dataframes_without_pandas_say_what_to_install(mini, returned, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now raises ImportError
    result = uvp.merge(mini, [returned])
    with pytest.raises(uvp.UvpError) as error:
        result.to_dataframe()
    assert str(error.value) == ("voor DataFrames is pandas nodig: pip install "
                                "'uvp-excel[pandas]'")


def _sections(function: object) -> list[str]:
    doc = getattr(function, "__doc__", None) or ""
    return [name for name in ("Args:", "Returns:", "Raises:") if f"\n    {name}" in doc
            or f"\n        {name}" in doc]


@pytest.mark.parametrize("name", [name for name in uvp.__all__
                                  if callable(getattr(uvp, name))
                                  and not isinstance(getattr(uvp, name), type)])
def test_every_public_function_documents_args_returns_and_raises(name):
    assert _sections(getattr(uvp, name)) == ["Args:", "Returns:", "Raises:"]


@pytest.mark.parametrize("method", [uvp.MergeResult.write, uvp.Summary.write])
def test_the_write_methods_of_the_results_document_args_returns_and_raises(method):
    assert _sections(method) == ["Args:", "Returns:", "Raises:"]
    assert method.__annotations__["return"] != "Any"
