"""The cockpit through Flask's test client: every page, every step, every refusal."""

from __future__ import annotations

import errno
import html as html_module
import io
import json
import os
import re
import threading
import time
import zipfile
from pathlib import Path

import pytest

import uvp_excel as uvp
from tests.conftest import MINI_SOURCE
from tests.helpers import cockpit as quarter_play
from tests.helpers.corpus import corpus, located
from tests.helpers.returns import handed_out
from uvp_excel.cockpit import app as app_module
from uvp_excel.cockpit import pages
from uvp_excel.cockpit import steps as steps_module
from uvp_excel.cockpit.app import create_app
from uvp_excel.cockpit.security import CSP
from uvp_excel.cockpit.steps import Cockpit
from uvp_excel.cockpit.workfolder import safe_name

Q = "Q3-2024"
SHORT = "uvp-proefdorp-2024-2025"
GUARD = quarter_play.guard()


@pytest.fixture
def work(tmp_path: Path) -> Path:
    return tmp_path / "MAP"


@pytest.fixture
def cockpit(work: Path) -> Cockpit:
    return Cockpit(work, MINI_SOURCE)


def open_client(cockpit: Cockpit):
    """A browser that has visited the address with the token."""
    client = create_app(cockpit, GUARD).test_client()
    response = client.get(f"/?token={GUARD.token}", base_url=quarter_play.BASE_URL)
    assert response.status_code == 303
    return client


@pytest.fixture
def client(cockpit: Cockpit):
    return open_client(cockpit)


def get(client, path: str, **kwargs):
    return client.get(path, base_url=quarter_play.BASE_URL, **kwargs)


def post(client, path: str, data: dict | None = None, **kwargs):
    form = {"csrf": GUARD.csrf, **(data or {})}
    return client.post(path, data=form, base_url=quarter_play.BASE_URL, **kwargs)


def page(client, path: str) -> str:
    response = get(client, path)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_data(as_text=True)


def text_of(html: str) -> str:
    """The page as a person reads it: tags out, entities back."""
    return html_module.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def notice_after(client, response) -> str:
    """Follow a POST's redirect and return the page it lands on."""
    assert response.status_code == 303, response.get_data(as_text=True)
    return page(client, response.headers["Location"])


def upload(client, paths: list[Path] | list[tuple[bytes, str]]):
    files = [(io.BytesIO(item.read_bytes()), item.name) if isinstance(item, Path)
             else (io.BytesIO(item[0]), item[1]) for item in paths]
    return post(client, f"/{Q}/retouren", {"bestanden": files},
                content_type="multipart/form-data")


def play_quarter(client, work: Path, tmp_path: Path, hostile: bool = False) -> list[Path]:
    """Hand out per regie, upload the three returns, merge."""
    notice_after(client, post(client, f"/{Q}/uitdelen", {"soort": "regie"}))
    returns = quarter_play.fill_returns(work / Q / "uitdelen", tmp_path / "ingevuld", hostile)
    notice_after(client, upload(client, returns))
    notice_after(client, post(client, f"/{Q}/samenvoegen"))
    return returns


# --- the guard ---------------------------------------------------------------------------------


def test_the_token_becomes_a_strict_cookie_and_leaves_the_address(cockpit):
    client = create_app(cockpit, GUARD).test_client()
    response = get(client, f"/{Q}/retouren?token={GUARD.token}&melding=x")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/{Q}/retouren?melding=x"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith(f"uvp_cockpit_{quarter_play.PORT}={GUARD.token};")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
    assert get(client, f"/{Q}/retouren").status_code == 200


@pytest.mark.parametrize("path", ["/", f"/{Q}/", f"/{Q}/uitdelen", f"/{Q}/retouren",
                                  f"/{Q}/samenvoegen", f"/{Q}/voortgang", "/budget",
                                  "/budget.csv", "/programma", "/static/cockpit.css",
                                  f"/bestand/{Q}/uitdelen/x.xlsx", "/bestaat-niet"])
def test_every_request_without_the_cookie_is_refused(cockpit, path):
    client = create_app(cockpit, GUARD).test_client()
    response = get(client, path)
    assert response.status_code == 403
    assert "Geen toegang. Open de cockpit met het adres dat 'uvp-excel serve' toont" in \
        text_of(response.get_data(as_text=True))
    # No icon to fetch: the browser would ask /favicon.ico and be refused once more.
    assert '<link rel="icon" href="data:,">' in response.get_data(as_text=True)


def test_a_wrong_token_is_refused_and_sets_no_cookie(cockpit):
    client = create_app(cockpit, GUARD).test_client()
    for wrong in ("fout", "", "toegang-voor-de-tes", "töegang-voor-de-test"):
        response = get(client, f"/?token={wrong}")
        assert response.status_code == 403
        assert "Set-Cookie" not in response.headers
        assert "Deze toegangscode is niet (meer) geldig" in text_of(response.get_data(as_text=True))


@pytest.mark.parametrize("host", ["evil.example:5555", "127.0.0.1:5556", "localhost",
                                  "127.0.0.1", "[::1]:5555", "0.0.0.0:5555"])
def test_another_host_name_is_refused_even_with_the_cookie(client, host):
    response = client.get("/", base_url=f"http://{host}")
    assert response.status_code == 403
    assert "Dit adres hoort niet bij de cockpit" in text_of(response.get_data(as_text=True))


def test_localhost_with_the_port_is_the_same_cockpit(cockpit):
    client = create_app(cockpit, GUARD).test_client()
    base = f"http://localhost:{quarter_play.PORT}"
    assert client.get(f"/?token={GUARD.token}", base_url=base).status_code == 303
    assert client.get("/", base_url=base).status_code == 200


@pytest.mark.parametrize("csrf", [None, "", "verkeerd", GUARD.token])
def test_a_post_without_the_form_token_is_refused(client, work, csrf):
    data = {"soort": "regie"} if csrf is None else {"soort": "regie", "csrf": csrf}
    response = client.post(f"/{Q}/uitdelen", data=data, base_url=quarter_play.BASE_URL)
    assert response.status_code == 403
    assert "Dit formulier is verlopen of komt niet uit de cockpit" in \
        text_of(response.get_data(as_text=True))
    assert not (work / Q / "uitdelen").exists()


def test_every_page_forbids_inline_script_and_framing(client, work, tmp_path):
    play_quarter(client, work, tmp_path)
    for path in ["/", f"/{Q}/", f"/{Q}/uitdelen", f"/{Q}/retouren", f"/{Q}/samenvoegen",
                 f"/{Q}/voortgang", "/budget", "/programma"]:
        response = get(client, path)
        html = response.get_data(as_text=True)
        assert response.status_code == 200, path
        policy = response.headers["Content-Security-Policy"]
        assert "script-src 'self';" in policy and "frame-ancestors 'none'" in policy, path
        assert "unsafe-inline" not in policy, path
        assert re.findall(r"<script(?![^>]*\bsrc=)", html) == [], path
        assert re.findall(r"\son[a-z]+=", html) == [], path  # no event handler attributes
        assert re.findall(r"(?:src|href)=[\"']?(?:https?:)?//", html) == [], path  # no outside
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Referrer-Policy"] == "no-referrer"
    assert get(client, "/budget").headers["Content-Security-Policy"] == CSP


def test_the_voortgang_page_allows_only_its_own_style_block(client, work, tmp_path):
    play_quarter(client, work, tmp_path)
    response = get(client, f"/{Q}/voortgang")
    policy = response.headers["Content-Security-Policy"]
    hashes = re.findall(r"'sha256-[A-Za-z0-9+/=]+'", policy)
    assert len(hashes) == 1 and "style-src 'self' 'sha256-" in policy
    html = response.get_data(as_text=True)
    assert html.count("<style>") == 1 and '<header class="balk">' in html


# --- the steps ---------------------------------------------------------------------------------


def test_hand_out_per_regie_with_who_gets_which_file(client, work):
    html = notice_after(client, post(client, f"/{Q}/uitdelen", {"soort": "regie"}))
    assert "3 werkmappen gemaakt voor Q3 2024" in text_of(html)
    assert sorted(path.name for path in (work / Q / "uitdelen").iterdir()) == [
        f"{SHORT}-OOV.xlsx", f"{SHORT}-Samenleven.xlsx", f"{SHORT}-THV.xlsx",
        "wie-krijgt-wat.csv"]
    assert "OOV 3 uvp-proefdorp-2024-2025-OOV.xlsx" in text_of(html)
    index = (work / Q / "uitdelen" / "wie-krijgt-wat.csv").read_bytes().decode("utf-8-sig")
    assert index.splitlines() == ["regie;activiteiten;bestand", f"OOV;3;{SHORT}-OOV.xlsx",
                                  f"Samenleven;1;{SHORT}-Samenleven.xlsx",
                                  f"THV;1;{SHORT}-THV.xlsx"]
    workbook = get(client, f"/bestand/{Q}/uitdelen/{SHORT}-THV.xlsx")
    assert workbook.status_code == 200 and workbook.data.startswith(b"PK")
    assert "attachment" in workbook.headers["Content-Disposition"]
    bundle = get(client, f"/{Q}/uitdelen.zip")
    names = zipfile.ZipFile(io.BytesIO(bundle.data)).namelist()
    assert sorted(names) == sorted(path.name for path in (work / Q / "uitdelen").iterdir())


def test_one_workbook_for_everybody_is_one_team(client, work, tmp_path):
    notice_after(client, post(client, f"/{Q}/uitdelen", {"soort": "geheel"}))
    whole = work / Q / "uitdelen" / f"{SHORT}-{Q}.xlsx"
    returned = quarter_play.fill(whole.read_bytes(), tmp_path / "anne.xlsx",
                                 {("P1-01", "status"): "Afgerond"}, creator="Anne")
    notice_after(client, upload(client, [returned]))
    text = text_of(page(client, f"/{Q}/"))
    assert "Retouren ✓ 1 bestand binnen, 1 van 1 regieteam " in text
    assert f"Iedereen (één werkmap) {whole.name} ✓ anne.xlsx" in \
        text_of(page(client, f"/{Q}/retouren"))


def test_hand_out_again_keeps_the_old_workbooks(client, work):
    notice_after(client, post(client, f"/{Q}/uitdelen", {"soort": "regie"}))
    html = notice_after(client, post(client, f"/{Q}/uitdelen", {"soort": "geheel"}))
    assert "voor Q3 2024 is al uitgedeeld; kies 'vervang de bestaande werkmappen'" in \
        text_of(html)
    assert len(list((work / Q / "uitdelen").glob("*.xlsx"))) == 3
    html = notice_after(client, post(client, f"/{Q}/uitdelen",
                                     {"soort": "geheel", "vervang": "ja"}))
    assert "1 werkmap gemaakt voor Q3 2024" in text_of(html)
    assert [path.name for path in (work / Q / "uitdelen").glob("*.xlsx")] == [
        f"{SHORT}-{Q}.xlsx"]
    assert len(list((work / Q / "vervangen").iterdir())) == 4  # three workbooks and the index


def test_upload_validates_at_once_with_the_same_lines_as_validate(client, work, tmp_path):
    notice_after(client, post(client, f"/{Q}/uitdelen", {"soort": "regie"}))
    returns = quarter_play.fill_returns(work / Q / "uitdelen", tmp_path / "ingevuld")
    html = notice_after(client, upload(client, returns))
    text = text_of(html)
    assert f"{SHORT}-THV.xlsx: ontvangen en gecontroleerd — 1 fout, 0 waarschuwingen" in text
    assert quarter_play.THV_ERROR in text
    assert f"{SHORT}-OOV.xlsx: ontvangen en gecontroleerd — 0 fouten, 0 waarschuwingen" in text
    # The page lists every team as returned, and the stored bytes are the uploaded ones.
    assert "nog niet" not in text
    for path in returns:
        assert (work / Q / "retouren" / path.name).read_bytes() == path.read_bytes()
    report = uvp.validate(cockpit_programme(), [work / Q / "retouren"])
    # validate names files by their path; the page by their name.
    cli_lines = {f"{finding.severity}: {finding}".replace(finding.file, Path(finding.file).name, 1)
                 for finding in report.findings}
    assert {quarter_play.THV_ERROR} <= cli_lines


def cockpit_programme():
    return uvp.load_programme(MINI_SOURCE)


def test_which_teams_have_not_returned_yet(client, work, tmp_path):
    notice_after(client, post(client, f"/{Q}/uitdelen", {"soort": "regie"}))
    returns = quarter_play.fill_returns(work / Q / "uitdelen", tmp_path / "ingevuld")
    html = notice_after(client, upload(client, returns[:1]))
    text = text_of(html)
    assert f"OOV {SHORT}-OOV.xlsx ✓ {SHORT}-OOV.xlsx" in text
    assert f"THV {SHORT}-THV.xlsx nog niet" in text
    assert "1 bestand binnen, 1 van 3 regieteams" in text_of(page(client, f"/{Q}/"))


def test_the_same_file_twice_is_noticed(client, work, tmp_path):
    notice_after(client, post(client, f"/{Q}/uitdelen", {"soort": "regie"}))
    first, second, _ = quarter_play.fill_returns(work / Q / "uitdelen", tmp_path / "ingevuld")
    notice_after(client, upload(client, [first]))
    html = notice_after(client, upload(client, [(first.read_bytes(), "kopie.xlsx")]))
    assert (f"kopie.xlsx: hetzelfde bestand als '{first.name}' (zelfde inhoud); niet nog eens "
            "opgeslagen") in text_of(html)
    html = notice_after(client, upload(client, [(second.read_bytes(), first.name)]))
    assert (f"er was al een bestand '{first.name}'; dit is opgeslagen als '{SHORT}-OOV (2).xlsx'."
            " Is het een verbeterde versie? Zet dan het oude apart") in text_of(html)
    assert sorted(path.name for path in (work / Q / "retouren").iterdir()) == [
        f"{SHORT}-OOV (2).xlsx", f"{SHORT}-OOV.xlsx"]
    assert (work / Q / "retouren" / first.name).read_bytes() == first.read_bytes()


def test_a_return_of_another_quarter_is_pointed_out(client, work, tmp_path):
    """The AOV picked the wrong quarter in the menu (the cockpit opens today's): the workbook
    is taken in, and the page says which quarter it was handed out for."""
    notice_after(client, post(client, f"/{Q}/uitdelen", {"soort": "regie"}))
    oov = quarter_play.fill_returns(work / Q / "uitdelen", tmp_path / "ingevuld")[0]
    expected = ("let op: uitgedeeld voor Q3 2024, niet voor Q4 2024. Hoort deze werkmap bij "
                "een ander kwartaal? Zet hem dan apart en upload hem daar.")
    response = post(client, "/Q4-2024/retouren", {"bestanden": [(io.BytesIO(
        oov.read_bytes()), oov.name)]}, content_type="multipart/form-data")
    text = text_of(notice_after(client, response))
    assert f"{oov.name}: ontvangen en gecontroleerd — 0 fouten, 0 waarschuwingen" in text
    assert text.count(expected) == 2  # the notice and the file's own lines
    assert expected not in text_of(page(client, f"/{Q}/retouren"))
    # An outcome remembered before the cockpit knew a return's quarter is made again.
    remembered = work / "Q4-2024" / ".cockpit" / "controle" / f"{oov.name}.json"
    data = json.loads(remembered.read_text(encoding="utf-8"))
    del data["quarter"], data["kind"]
    remembered.write_text(json.dumps(data), encoding="utf-8")
    assert expected in text_of(page(client, "/Q4-2024/retouren"))


def test_a_stand_uploaded_as_a_return_is_pointed_out(client, work, tmp_path):
    play_quarter(client, work, tmp_path)
    stand = work / Q / f"{SHORT}-stand-{Q}.xlsx"
    response = post(client, "/Q4-2024/retouren", {"bestanden": [(io.BytesIO(
        stand.read_bytes()), stand.name)]}, content_type="multipart/form-data")
    text = text_of(notice_after(client, response))
    assert ("let op: dit is een stand (gemaakt bij het samenvoegen), geen ingevulde werkmap: "
            "er is niets in veranderd, dus hij telt bij het samenvoegen niet mee. De cockpit "
            "neemt de stand van het vorige kwartaal zelf als basis.") in text
    assert "Iedereen (één werkmap)" not in text  # a stand is not everybody's return


def test_merge_shows_the_conflict_with_both_values_and_files(client, work, tmp_path):
    play_quarter(client, work, tmp_path)
    html = page(client, f"/{Q}/samenvoegen")
    text = text_of(html)
    # The conflict is counted once, as a conflict; the one error is THV's "klaar?".
    assert "3 bestanden, 2 wijzigingen, 1 conflict, 1 fout, 0 waarschuwingen" in text
    assert ("P1-03 Status (leeg) In uitvoering — uvp-proefdorp-2024-2025-OOV.xlsx › "
            "P1 Ondermijning › H4 Vertraagd — uvp-proefdorp-2024-2025-Samenleven.xlsx › "
            "P1 Ondermijning › H3") in text
    assert text.index("Conflicten (1)") < text.index("Wijzigingen (2)")
    assert "P1-03 Toelichting (leeg) Wacht op de jongerenwerkers." in text
    assert quarter_play.THV_ERROR in text
    stand = work / Q / f"{SHORT}-stand-{Q}.xlsx"
    response = get(client, f"/bestand/{Q}/{stand.name}")
    assert response.status_code == 200 and response.data == stand.read_bytes()
    summary = uvp.summarise(cockpit_programme(), [stand])
    assert summary.total.per_status == {"Afgerond": 1}


def test_merging_again_keeps_the_previous_stand(client, work, tmp_path):
    play_quarter(client, work, tmp_path)
    notice_after(client, post(client, f"/{Q}/samenvoegen"))
    kept = list((work / Q / "vervangen").glob(f"{SHORT}-stand-{Q}-*.xlsx"))
    assert len(kept) == 1


def test_a_stand_made_on_an_older_previous_stand_says_so(client, work, tmp_path):
    """Q3 was merged again (a late return) after Q4 was merged on it: Q4's stand misses that
    change, so Q4's pages ask for a new merge instead of showing it as done."""
    returns = play_quarter(client, work, tmp_path)
    later = [(path.read_bytes(), path.name) for path in returns[:1]]
    notice_after(client, post(client, "/Q4-2024/retouren", {"bestanden": [
        (io.BytesIO(data), name) for data, name in later]}, content_type="multipart/form-data"))
    notice_after(client, post(client, "/Q4-2024/samenvoegen"))
    assert "Let op" not in text_of(page(client, "/Q4-2024/samenvoegen"))
    notice_after(client, post(client, f"/{Q}/retouren/apart", {"bestand": returns[2].name}))
    notice_after(client, post(client, f"/{Q}/samenvoegen"))
    text = text_of(page(client, "/Q4-2024/samenvoegen"))
    assert (f"Let op: de vorige stand ({SHORT}-stand-{Q}.xlsx) is na deze samenvoeging opnieuw "
            "gemaakt. Voeg opnieuw samen.") in text
    assert "Samenvoegen ○ stand gemaakt op" in text_of(page(client, "/Q4-2024/"))
    notice_after(client, post(client, "/Q4-2024/samenvoegen"))
    assert "Let op" not in text_of(page(client, "/Q4-2024/samenvoegen"))


def test_a_set_aside_return_leaves_the_merge_and_stays_on_disk(client, work, tmp_path):
    returns = play_quarter(client, work, tmp_path)
    html = notice_after(client, post(client, f"/{Q}/retouren/apart", {"bestand": returns[2].name}))
    assert f"'{returns[2].name}' doet niet meer mee; het bestand staat nu in {Q}/vervangen/" in \
        text_of(html)
    assert [path.name for path in (work / Q / "retouren").iterdir()] != []
    assert not (work / Q / "retouren" / returns[2].name).exists()
    assert "er zijn sinds deze samenvoeging retouren bijgekomen of apart gezet" in \
        text_of(page(client, f"/{Q}/samenvoegen"))
    html = notice_after(client, post(client, f"/{Q}/retouren/apart", {"bestand": "../x.xlsx"}))
    assert "'../x.xlsx' staat niet (meer) bij de retouren van Q3 2024" in text_of(html)


def test_voortgang_page_and_every_download(client, work, tmp_path):
    play_quarter(client, work, tmp_path)
    html = page(client, f"/{Q}/voortgang")
    assert "<h1>Voortgang Uitvoeringsprogramma Integrale Veiligheid 2024–2025</h1>" in html
    for file_format, start in [("html", b"<!DOCTYPE html>"), ("xlsx", b"PK"),
                               ("md", b"# Voortgang"), ("csv", b"\xef\xbb\xbfniveau;"),
                               ("json", b"{")]:
        response = get(client, f"/{Q}/voortgang.{file_format}")
        assert response.status_code == 200 and response.data.startswith(start), file_format
        assert (work / Q / f"{SHORT}-voortgang-{Q}.{file_format}").is_file()
    assert get(client, f"/{Q}/voortgang.exe").status_code == 404
    assert "er is nog geen stand voor Q4 2024" in page(client, "/Q4-2024/voortgang")


def test_budget_and_programma(client):
    text = text_of(page(client, "/budget"))
    assert "Budget OOV" in text or "Budget" in text
    csv = get(client, "/budget.csv")
    assert csv.data.startswith("\ufefftabel;groep;post".encode())
    assert get(client, "/budget.xlsx").data.startswith(b"PK")
    assert get(client, "/budget.pdf").status_code == 404
    text = text_of(page(client, "/programma"))
    assert "Afwijkingen in het document" in text and "Totaal" in text


def test_the_budget_page_assumes_no_paragraphs_of_heiloo(tmp_path, mini_copy):
    """Another programme's tables come from its own paragraphs, or it has none."""
    text = text_of(page(open_client(Cockpit(tmp_path / "MAP", MINI_SOURCE)), "/budget"))
    assert "6.2" not in text.replace("Bron: 6.4 Financiën", "")
    assert "De financiële tabellen van het programma, zoals het document ze geeft" in text
    programme = mini_copy / "programma.yaml"
    programme.write_text(programme.read_text(encoding="utf-8").replace(
        "begroting: [budget]", "begroting: []"), encoding="utf-8")
    text = text_of(page(open_client(Cockpit(tmp_path / "MAP2", mini_copy)), "/budget"))
    assert "Dit programma heeft geen financiële tabellen." in text
    assert "Downloaden" not in text


def test_the_start_page_shows_what_is_done(client, work, tmp_path):
    text = text_of(page(client, f"/{Q}/"))
    assert "1. Uitdelen" not in text  # the numbers come from CSS, the text stays plain
    assert "Uitdelen ○ nog niet gedaan" in text and "Volgende stap: Uitdelen" in text
    play_quarter(client, work, tmp_path)
    text = text_of(page(client, f"/{Q}/"))
    assert "Samenvoegen ✓ stand gemaakt op" in text
    assert "3 bestanden binnen, 3 van 3 regieteams, 1 bestand met fouten" in text
    assert "Volgende stap" not in text


def test_stop_and_start_loses_nothing(cockpit, work, tmp_path):
    play_quarter(open_client(cockpit), work, tmp_path)
    before = {path: page(open_client(cockpit), path)
              for path in [f"/{Q}/uitdelen", f"/{Q}/retouren", f"/{Q}/samenvoegen"]}
    again = open_client(Cockpit(work, MINI_SOURCE))
    for path, html in before.items():
        assert text_of(page(again, path)) == text_of(html), path


def test_files_the_computer_puts_beside_the_returns_are_not_returns(client, work, tmp_path):
    """Excel leaves ~$name.xlsx while the AOV looks at a return; Windows and macOS leave
    Thumbs.db, desktop.ini and .DS_Store. None of them is anyone's return."""
    returns = play_quarter(client, work, tmp_path)
    folder = work / Q / "retouren"
    (folder / f"~${returns[0].name}").write_bytes(b"\x05Olga" + b" " * 50)
    for name in ("Thumbs.db", "desktop.ini", ".DS_Store"):
        (folder / name).write_bytes(b"")
    text = text_of(page(client, f"/{Q}/retouren"))
    assert "Bestanden (3)" in text and "~$" not in text and "Thumbs.db" not in text
    assert "3 bestanden binnen, 3 van 3 regieteams, 1 bestand met fouten" in \
        text_of(page(client, f"/{Q}/"))
    assert "er zijn sinds deze samenvoeging retouren bijgekomen" not in \
        text_of(page(client, f"/{Q}/samenvoegen"))


def test_a_return_the_aov_put_in_the_folder_by_hand_can_be_set_aside(client, work, mini):
    folder = work / Q / "retouren"
    folder.mkdir(parents=True)
    (folder / "THV: terug?.xlsx").write_bytes(handed_out(mini, regie="THV"))
    assert "THV: terug?.xlsx" in text_of(page(client, f"/{Q}/retouren"))
    html = notice_after(client, post(client, f"/{Q}/retouren/apart",
                                     {"bestand": "THV: terug?.xlsx"}))
    assert "'THV: terug?.xlsx' doet niet meer mee" in text_of(html)
    assert list(folder.iterdir()) == []


def test_a_handout_folder_with_only_hidden_files_is_not_handed_out(client, work):
    (work / Q / "uitdelen").mkdir(parents=True)
    (work / Q / "uitdelen" / ".DS_Store").write_bytes(b"Bud1")
    assert f"{Q[:2]} {Q[3:]} — — —" in text_of(page(client, f"/{Q}/"))
    html = notice_after(client, post(client, f"/{Q}/uitdelen", {"soort": "regie"}))
    assert "3 werkmappen gemaakt voor Q3 2024" in text_of(html)
    bundle = zipfile.ZipFile(io.BytesIO(get(client, f"/{Q}/uitdelen.zip").data))
    assert ".DS_Store" not in bundle.namelist()


def test_workbooks_moved_away_after_handing_out_can_be_made_again(client, work):
    """The AOV mailed the workbooks and moved them out of uitdelen/: the page must offer to
    make them again, not refuse with a choice it does not show."""
    notice_after(client, post(client, f"/{Q}/uitdelen", {"soort": "regie"}))
    for path in (work / Q / "uitdelen").glob("*.xlsx"):
        path.rename(work / path.name)
    html = page(client, f"/{Q}/uitdelen")
    assert 'name="vervang"' in html
    assert "Er staan al bestanden in Q3-2024/uitdelen/" in text_of(html)
    html = notice_after(client, post(client, f"/{Q}/uitdelen", {"soort": "regie",
                                                                 "vervang": "ja"}))
    assert "3 werkmappen gemaakt voor Q3 2024" in text_of(html)


def test_a_quarter_folder_that_is_a_link_elsewhere_still_shows_its_pages(
        client, work, tmp_path):
    """An AOV may keep a quarter on another disk and link it into the work folder: the pages
    work; only a download from outside the work folder is refused."""
    elsewhere = tmp_path / "elders"
    elsewhere.mkdir()
    work.mkdir(exist_ok=True)
    (work / Q).symlink_to(elsewhere)
    returns = play_quarter(client, work, tmp_path)
    assert "Download de stand" in text_of(page(client, f"/{Q}/samenvoegen"))
    assert get(client, f"/bestand/{Q}/{SHORT}-stand-{Q}.xlsx").status_code == 404
    html = notice_after(client, post(client, f"/{Q}/retouren/apart",
                                     {"bestand": returns[2].name}))
    assert f"'{returns[2].name}' doet niet meer mee; het bestand staat nu in {Q}/vervangen/" \
        in text_of(html)


# --- hostile input -----------------------------------------------------------------------------


def test_broken_and_hostile_files_each_get_their_own_line(client, work, mini):
    files = [(data, name) for name, data, _ in corpus(handed_out(mini))]
    html = notice_after(client, upload(client, files))
    text = text_of(html)
    for name, _, reason in corpus(handed_out(mini)):
        assert f"fout: {located(name, reason)}" in text, name
    assert len(list((work / Q / "retouren").iterdir())) == len(files)


def test_hostile_cell_texts_are_shown_as_text(client, work, tmp_path):
    notice_after(client, post(client, f"/{Q}/uitdelen", {"soort": "regie"}))
    handout = work / Q / "uitdelen"
    returns = []
    for number, hostile in enumerate(quarter_play.HOSTILE_TEXTS):
        returns.append(quarter_play.fill(
            (handout / f"{SHORT}-OOV.xlsx").read_bytes(), tmp_path / f"r{number}.xlsx",
            {("P1-01", "status"): hostile, ("P1-03", "toelichting"): hostile}, creator=hostile))
    notice_after(client, upload(client, returns))
    notice_after(client, post(client, f"/{Q}/samenvoegen"))
    for path in [f"/{Q}/retouren", f"/{Q}/samenvoegen", f"/{Q}/voortgang", f"/{Q}/"]:
        html = page(client, path)
        assert "<script>alert" not in html and "<img src=x" not in html, path
    text = text_of(page(client, f"/{Q}/retouren"))
    assert "'<script>alert('toelichting')</script>' is geen geldige status" in text
    assert "'{{ 7*7 }} {% raw %}' is geen geldige status" in text  # not run as a template


def test_direction_overrides_cannot_turn_a_line_around(client, work, tmp_path):
    """U+202E in a cell, in 'saved by' or in an upload's name would show the rest of the
    line backwards ("2 fouten" as "netuof 2"): every page shows it as U+FFFD instead."""
    notice_after(client, post(client, f"/{Q}/uitdelen", {"soort": "regie"}))
    returned = quarter_play.fill(
        (work / Q / "uitdelen" / f"{SHORT}-OOV.xlsx").read_bytes(), tmp_path / "oov.xlsx",
        {("P1-01", "status"): "\u202eAfgerond", ("P1-03", "toelichting"): "a\u2067b\u202cc",
         ("P1-03", "status"): "Vertraagd"},  # the Voortgang page lists its toelichting
        creator="Olga\u202e van OOV")
    html = notice_after(client, upload(client, [(returned.read_bytes(), "\u202exslx.exe")]))
    notice_after(client, post(client, f"/{Q}/samenvoegen"))
    for path in [f"/{Q}/retouren", f"/{Q}/samenvoegen", f"/{Q}/", f"/{Q}/voortgang"]:
        shown = html + page(client, path)
        assert not re.findall("[\u202a-\u202e\u2066-\u2069]", shown), path
    text = text_of(page(client, f"/{Q}/retouren"))
    assert "opgeslagen door Olga\ufffd van OOV" in text
    assert "'\ufffdAfgerond' is geen geldige status" in text
    assert "P1-03 Toelichting (leeg) a\ufffdb\ufffdc" in text_of(page(client, f"/{Q}/samenvoegen"))
    assert "\ufffdxslx.exe: ontvangen en gecontroleerd" in text_of(html)
    assert "a\ufffdb\ufffdc" in text_of(page(client, f"/{Q}/voortgang"))


@pytest.mark.parametrize(("upload_name", "stored"), [
    ("../../buiten.xlsx", "buiten.xlsx"),
    ("..\\..\\Windows\\buiten.xlsx", "buiten.xlsx"),
    ("C:\\Users\\anne\\Documenten\\THV terug.xlsx", "THV terug.xlsx"),
    ("<script>alert(1)</script>.xlsx", "script_.xlsx"),  # the "/" ends a folder name
    ('<b onmouseover="x">vet?.xlsx', "_b onmouseover=_x__vet_.xlsx"),
    (".verborgen.xlsx", "verborgen.xlsx"),
    ("CON.xlsx", "_CON.xlsx"),
    ("a\x00b\x07c.xlsx", "a_b_c.xlsx"),
    ("...", "bestand.xlsx"),
    ("x" * 300 + ".xlsx", "x" * 115 + ".xlsx"),
    ("报告" * 60 + ".xlsx", "报告" * 19 + ".xlsx"),  # 120 bytes in UTF-8, not 120 letters
    ("😀" * 70 + ".xlsx", "😀" * 28 + ".xlsx"),
    ("é" * 130 + ".xlsx", "é" * 57 + ".xlsx"),
    ("  .xlsx", "bestand.xlsx"),
    (".xlsx", "bestand.xlsx"),
    ("~$THV.xlsx", "_~$THV.xlsx"),  # never hidden as an Office lock file
    ("Thumbs.db", "_Thumbs.db"),
])
def test_upload_names_are_made_safe(upload_name, stored):
    assert safe_name(upload_name) == stored


def test_a_hostile_upload_name_stays_inside_the_returns_folder(client, work, mini):
    html = notice_after(client, upload(client, [(handed_out(mini), "../../../buiten.xlsx"),
                                                (handed_out(mini, regie="THV"),
                                                 "<b>vet.xlsx")]))
    assert sorted(path.name for path in (work / Q / "retouren").iterdir()) == [
        "_b_vet.xlsx", "buiten.xlsx"]
    assert not (work / "buiten.xlsx").exists() and not (work.parent / "buiten.xlsx").exists()
    assert "<b>vet" not in html and "&lt;b&gt;vet.xlsx" in html


@pytest.mark.parametrize("path", [
    "/bestand/../../../../etc/passwd", "/bestand/%2e%2e/%2e%2e/etc/passwd",
    "/bestand//etc/passwd", f"/bestand/{Q}/.cockpit/samenvoeging.json",
    "/bestand/.uvp-cockpit.lock", f"/bestand/{Q}/retouren", "/bestand/buiten/geheim.txt",
    "/bestand/..%5c..%5cgeheim.txt", "/bestand/%00",
])
def test_downloads_cannot_leave_the_work_folder(client, work, path):
    (work.parent / "geheim.txt").write_text("geheim", encoding="utf-8")
    (work / Q / "retouren").mkdir(parents=True)
    (work / "buiten").symlink_to(work.parent)
    response = get(client, path, follow_redirects=True)
    assert response.status_code == 404, path
    assert b"geheim" not in response.data and b"root:" not in response.data


def test_a_download_is_never_served_as_script(client, work, tmp_path):
    """An upload may be named evil.js: served as text/javascript from the cockpit's own
    address, the CSP ('self') would let a page run it. Downloads get a fixed type."""
    returns = play_quarter(client, work, tmp_path)
    notice_after(client, upload(client, [(b"document.title = 'x'", "evil.js"),
                                         (b"<svg onload='x'/>", "plaatje.svg")]))
    types = {name: get(client, f"/bestand/{Q}/retouren/{name}").headers["Content-Type"]
             for name in ("evil.js", "plaatje.svg", returns[0].name)}
    assert types == {"evil.js": "application/octet-stream",
                     "plaatje.svg": "application/octet-stream",
                     returns[0].name: pages.XLSX}
    assert get(client, f"/bestand/{Q}/uitdelen/wie-krijgt-wat.csv").headers[
        "Content-Type"] == "text/csv; charset=utf-8"


def test_an_oversized_request_is_refused_and_nothing_is_stored(work, monkeypatch):
    monkeypatch.setattr(app_module, "MAX_REQUEST_BYTES", 20_000)
    client = open_client(Cockpit(work, MINI_SOURCE))
    response = upload(client, [(b"x" * 30_000, "groot.xlsx")])
    assert response.status_code == 413
    assert "Te veel of te grote bestanden in één keer" in text_of(response.get_data(as_text=True))
    assert not (work / Q / "retouren").exists()


def test_returns_larger_than_the_parsers_read_chunk_arrive(client, work):
    """Werkzeug reads an upload in 64 KiB chunks and keeps a few bytes back when a chunk ends
    in a line break; a form-memory limit of one chunk turned that into "te groot" (413) for
    ordinary returns of 70 kB and more, one upload in two."""
    files = [(b"\r\n" * 100_000, "regel-einden.xlsx"), (bytes(range(256)) * 400, "thv.xlsx")]
    html = notice_after(client, upload(client, files))
    assert "regel-einden.xlsx: ontvangen en gecontroleerd — 1 fout, 0 waarschuwingen" in \
        text_of(html)
    assert sorted(path.name for path in (work / Q / "retouren").iterdir()) == [
        "regel-einden.xlsx", "thv.xlsx"]
    assert (work / Q / "retouren" / "thv.xlsx").stat().st_size == 102_400


def test_a_file_above_the_readers_limit_is_not_stored(client, work, monkeypatch, mini):
    monkeypatch.setattr(uvp, "MAX_FILE_BYTES", 1_000)
    html = notice_after(client, upload(client, [(handed_out(mini), "groot.xlsx"),
                                                (b"klein", "klein.xlsx")]))
    assert "groot.xlsx: niet opgeslagen: groter dan 0 MB" in text_of(html)
    assert [path.name for path in (work / Q / "retouren").iterdir()] == ["klein.xlsx"]


def test_too_many_files_at_once_are_refused_whole(client, work, monkeypatch):
    monkeypatch.setattr(app_module, "MAX_UPLOAD_FILES", 2)
    html = notice_after(client, upload(client, [(b"a", "a.xlsx"), (b"b", "b.xlsx"),
                                                (b"c", "c.xlsx")]))
    assert "Te veel bestanden in één keer (3); ten hoogste 2. Er is niets opgeslagen." in \
        text_of(html)
    assert not (work / Q / "retouren").exists()
    html = notice_after(client, post(client, f"/{Q}/retouren", {},
                                     content_type="multipart/form-data"))
    assert "Kies eerst één of meer bestanden." in html


@pytest.mark.parametrize("failing", ["write", "move"])
def test_an_upload_that_cannot_be_written_leaves_no_part_of_it(client, work, monkeypatch, mini,
                                                                failing):
    """The disk fills up halfway through writing a return, or while moving it into place: no
    partial file stays behind, the other upload of the same request arrives, the page says
    why in Dutch."""
    real_write, real_link = Path.write_bytes, os.link

    def half_then_full(path: Path, data: bytes) -> int:
        if "kapot" not in path.name:
            return real_write(path, data)
        real_write(path, data[:len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    def link_then_full(source, target, *args, **kwargs) -> None:
        if "kapot" in str(target):
            raise OSError(errno.ENOSPC, "No space left on device")
        real_link(source, target, *args, **kwargs)

    if failing == "write":
        monkeypatch.setattr(Path, "write_bytes", half_then_full)
    else:
        monkeypatch.setattr(os, "link", link_then_full)
    html = notice_after(client, upload(client, [(handed_out(mini), "kapot.xlsx"),
                                                (handed_out(mini, regie="THV"), "goed.xlsx")]))
    folder = work / Q / "retouren"
    assert sorted(path.name for path in folder.iterdir()) == ["goed.xlsx"]  # no hidden part
    text = text_of(html)
    assert (f"kapot.xlsx: {folder / 'kapot.xlsx'}: kan niet schrijven (de schijf is vol)"
            in text)
    assert "goed.xlsx: ontvangen en gecontroleerd — 0 fouten, 0 waarschuwingen" in text
    assert "kapot" not in text_of(page(client, f"/{Q}/retouren"))


def test_an_unknown_quarter_or_page_is_a_calm_404(client):
    for path in ["/Q5-2024/", "/Q1-2030/retouren", "/niets", "/Q3-2024/retouren/apart"]:
        response = get(client, path, follow_redirects=True)
        assert response.status_code in (404, 405), path
        assert "UVP-cockpit" in text_of(response.get_data(as_text=True))


def test_an_internal_error_shows_no_traceback(client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("geheim detail")

    monkeypatch.setattr(steps_module.Cockpit, "check", broken)
    response = get(client, "/programma")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Er ging iets mis in uvp-excel (interne fout: RuntimeError)" in html
    assert "Traceback" not in html and "geheim detail" not in html
    assert "De bestanden in de werkmap zijn niet veranderd" in text_of(html)


def test_an_internal_error_in_a_step_promises_nothing_about_the_files(client, work,
                                                                      monkeypatch):
    """A step can fail halfway (a return already moved, a stand already written): the page
    must not say that nothing changed."""
    def broken(*args, **kwargs):
        raise RuntimeError("halverwege")

    monkeypatch.setattr(steps_module.Cockpit, "hand_out", broken)
    response = post(client, f"/{Q}/uitdelen", {"soort": "regie"})
    text = text_of(response.get_data(as_text=True))
    assert response.status_code == 500
    assert ("Er ging iets mis in uvp-excel (interne fout: RuntimeError). Kijk op de pagina van "
            "deze stap wat er al gedaan is; de melding staat in het venster van "
            "'uvp-excel serve'.") in text
    assert "niet veranderd" not in text


# --- one lock per work folder ------------------------------------------------------------------


def test_two_servers_merging_at_once_take_turns(work, tmp_path, monkeypatch):
    play_quarter(open_client(Cockpit(work, MINI_SOURCE)), work, tmp_path)
    active, most = [0], [0]
    real_merge = uvp.merge

    def watched_merge(*args, **kwargs):
        active[0] += 1
        most[0] = max(most[0], active[0])
        time.sleep(0.2)  # long enough for the other thread to arrive; short for the suite
        try:
            return real_merge(*args, **kwargs)
        finally:
            active[0] -= 1

    monkeypatch.setattr(uvp, "merge", watched_merge)
    servers = [Cockpit(work, MINI_SOURCE), Cockpit(work, MINI_SOURCE)]
    threads = [threading.Thread(target=server.merge, args=(server.quarter(Q),))
               for server in servers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most[0] == 1
    stand = work / Q / f"{SHORT}-stand-{Q}.xlsx"
    assert uvp.summarise(cockpit_programme(), [stand]).total.per_status == {"Afgerond": 1}
