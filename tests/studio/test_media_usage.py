"""Where each course file is used, and deleting one: refused with the modules that use it."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import csrf_token
from tests.studio.editing import editor_state, save_json
from tests.studio.samples import COURSE, MEDIA_PAGE, png, sign_in, upload

LESSON = f"/studio/courses/{COURSE}/modules/uvod"


def _delete(client, name: str):
    return client.post(
        f"{MEDIA_PAGE}/{name}/delete",
        data={"csrf_token": csrf_token(client, MEDIA_PAGE)},
        follow_redirects=True,
    )


def test_a_file_in_use_is_not_deleted_and_the_modules_using_it_are_named(
    app, client, auth, imported
):
    sign_in(auth)
    name = upload(client, png(), "mapa.png").get_json()["name"]
    state = editor_state(client, LESSON)
    text = state["source"] + f"\n![mapa](media/{name})\n"
    assert save_json(client, state, text, url=f"{LESSON}/draft.json").status_code == 200
    page = client.get(MEDIA_PAGE).get_data(as_text=True)
    assert "Používá:" in page and "Úvod do map" in page
    refused = _delete(client, name).get_data(as_text=True)
    assert f"Soubor {name} nejde smazat, používají ho: Úvod do map." in refused
    assert (Path(app.config["MEDIA_DIR"]) / COURSE / name).is_file()


def test_an_unused_file_is_deleted(app, client, auth, imported):
    sign_in(auth)
    name = upload(client, png(), "navic.png").get_json()["name"]
    done = _delete(client, name).get_data(as_text=True)
    assert f"Soubor {name} je smazaný." in done
    assert not (Path(app.config["MEDIA_DIR"]) / COURSE / name).exists()


def test_an_unknown_file_is_404(client, auth, imported):
    sign_in(auth)
    token = csrf_token(client, MEDIA_PAGE)
    response = client.post(f"{MEDIA_PAGE}/neni.png/delete", data={"csrf_token": token})
    assert response.status_code == 404
