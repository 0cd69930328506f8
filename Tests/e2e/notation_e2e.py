#!/usr/bin/env python3
"""The app's notation against a real engraver: each catalogue piece with notation is drawn by the
app in chromium and engraved by Verovio (PyPI) from the same measures, written as MEI with the
app's beam groups, and every note's stem direction and staff position must agree (Verovio decides
stems by its own rules). Also checks what the app draws: the key signature's accidentals are not
repeated on the notes, rests are glyphs, beams hold eighths and sixteenths, no two heads of one
staff overlap. Screenshots go to .test-output/notation-*.png.

Usage: PYTHON-WITH-selenium-and-verovio notation_e2e.py PATH/TO/mirubato
Prints "N passed, M failed"; exit 1 when anything failed.
"""
import json, os, re, sys, urllib.request
import xml.etree.ElementTree as ET

import verovio
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "../.."))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import serving  # noqa: E402
from browser import chromium  # noqa: E402
from checklist import Checklist  # noqa: E402

binary = os.path.abspath(sys.argv[1])
report = Checklist()
check = report.check
OUTPUT = os.path.join(ROOT, ".test-output")
os.makedirs(OUTPUT, exist_ok=True)
process, PORT, ENV = serving.seeded_app(binary, "mirubato-notation-")
BASE = f"http://127.0.0.1:{PORT}"
DURATIONS = {"w": "1", "h": "2", "q": "4", "8": "8", "16": "16", "32": "32"}
LETTERS = "cdefgab"


def graphql(query, variables=None):
    request = urllib.request.Request(f"{BASE}/graphql", json.dumps({"query": query, "variables": variables or {}}).encode(),
                                     {"Content-Type": "application/json", "Accept": "application/json"})
    return json.load(urllib.request.urlopen(request, timeout=30))["data"]


def pieces():
    """Catalogue pieces (not generated exercises) with notation."""
    found, after = [], None
    while True:
        page = graphql("""query($after: String) { listSheetMusic(limit: 100, after: $after) { pageInfo { hasNextPage endCursor }
            edges { node { id title composer metadata { tags }
              measures { number clef timeSignature keySignature notes { keys duration offset staff isRest } } } } } }""", {"after": after})["listSheetMusic"]
        found += [e["node"] for e in page["edges"] if e["node"]["measures"] and "generated" not in e["node"]["metadata"]["tags"]]
        if not page["pageInfo"]["hasNextPage"]:
            return found
        after = page["pageInfo"]["endCursor"]


def key_sig(name):
    sharps = {"C": 0, "G": 1, "D": 2, "A": 3, "E": 4, "B": 5, "F#": 6, "C#": 7, "F": -1, "Bb": -2, "Eb": -3, "Ab": -4, "Db": -5, "Gb": -6, "Cb": -7}
    relative = {"Am": "C", "Em": "G", "Bm": "D", "F#m": "A", "C#m": "E", "G#m": "B", "Dm": "F", "Gm": "Bb", "Cm": "Eb", "Fm": "Ab", "Bbm": "Db"}
    count = sharps.get(relative.get(name, name), 0)
    return "0" if count == 0 else f"{abs(count)}{'s' if count > 0 else 'f'}"


def staff_notes(measure, staves=None):
    """Each staff of a measure (all of the piece's when `staves` is given) with its notes in time order."""
    for staff in staves or sorted({n["staff"] for n in measure["notes"]}):
        yield staff, sorted([n for n in measure["notes"] if n["staff"] == staff], key=lambda n: n["offset"])


def mei(piece, drawn):
    """The piece's measures as MEI: clefs as the app chose them, the app's beam groups, no stem directions."""
    clefs = drawn["clefs"]
    first = piece["measures"][0]
    count, unit = first["timeSignature"].split("/")
    staves = sorted({n["staff"] for m in piece["measures"] for n in m["notes"]})
    staff_defs = "".join(f'<staffDef n="{s}" lines="5" clef.shape="{"G" if clefs[i] == "treble" else "F"}" clef.line="{2 if clefs[i] == "treble" else 4}"/>'
                         for i, s in enumerate(staves))
    body = []
    for m_index, measure in enumerate(piece["measures"]):
        staff_xml = []
        for staff, notes in staff_notes(measure, staves):
            groups = drawn["beams"].get(f"{m_index}:{staff}", [])
            starts, ends = {g[0] for g in groups}, {g[-1] for g in groups}
            layer, time = [], 0.0
            for index, note in enumerate(notes):
                if note["offset"] > time + 1e-9:
                    layer.append(f'<space dur="{space_dur(note["offset"] - time)}"/>')
                duration = note["duration"].replace("r", "").replace("d", "")
                dots = ' dots="1"' if "d" in note["duration"] else ""
                ident = f"m{m_index}s{staff}n{index}"
                if note["isRest"] or "r" in note["duration"]:
                    xml = f'<rest xml:id="{ident}" dur="{DURATIONS[duration]}"{dots}/>'
                else:
                    heads = "".join(f'<note pname="{k[0]}" oct="{k.split("/")[1]}"{accid(k)}/>' for k in note["keys"])
                    xml = (f'<chord xml:id="{ident}" dur="{DURATIONS[duration]}"{dots}>{heads}</chord>' if len(note["keys"]) > 1
                           else heads.replace("<note ", f'<note xml:id="{ident}" dur="{DURATIONS[duration]}"{dots} ', 1))
                layer.append(("<beam>" if index in starts else "") + xml + ("</beam>" if index in ends else ""))
                time = note["offset"] + length(note["duration"])
            staff_xml.append(f'<staff n="{staff}"><layer n="1">{"".join(layer)}</layer></staff>')
        body.append(f'<measure n="{m_index + 1}">{"".join(staff_xml)}</measure>')
    return (f'<?xml version="1.0" encoding="UTF-8"?><mei xmlns="http://www.music-encoding.org/ns/mei" meiversion="5.0">'
            f'<meiHead><fileDesc><titleStmt><title>{piece["id"]}</title></titleStmt><pubStmt/></fileDesc></meiHead><music><body><mdiv><score>'
            f'<scoreDef meter.count="{count}" meter.unit="{unit}" key.sig="{key_sig(first["keySignature"])}"><staffGrp>{staff_defs}</staffGrp></scoreDef>'
            f'<section>{"".join(body)}</section></score></mdiv></body></music></mei>')


def accid(key):
    name = key.split("/")[0]
    return {"#": ' accid.ges="s"', "b": ' accid.ges="f"'}.get(name[1:], "")


def length(duration):
    base = {"w": 4, "h": 2, "q": 1, "8": 0.5, "16": 0.25, "32": 0.125}[duration.replace("r", "").replace("d", "")]
    return base * 1.5 if "d" in duration else base


def space_dur(beats):
    return {4: "1", 2: "2", 1: "4", 0.5: "8", 0.25: "16"}.get(beats, "4")


def beam_groups(piece):
    """Beam groups by "measure:staff", as lists of note indexes: consecutive eighths and shorter
    within one beat (a dotted quarter in compound meters), the engraving convention the app follows."""
    groups = {}
    for m_index, measure in enumerate(piece["measures"]):
        count, unit = measure["timeSignature"].split("/")
        span = 1.5 if unit == "8" and int(count) % 3 == 0 else 1.0
        for staff, notes in staff_notes(measure):
            found, current = [], []
            for i, note in enumerate(notes):
                short = note["duration"].replace("d", "") in ("8", "16", "32") and not (note["isRest"] or "r" in note["duration"])
                if short and current and int(notes[current[0]]["offset"] / span + 1e-9) == int(note["offset"] / span + 1e-9) \
                        and notes[current[-1]]["offset"] + length(notes[current[-1]]["duration"]) >= note["offset"] - 1e-9:
                    current.append(i)
                    continue
                if len(current) > 1:
                    found.append(current)
                current = [i] if short else []
            if len(current) > 1:
                found.append(current)
            groups[f"{m_index}:{staff}"] = found
    return groups


def verovio_stems(document):
    """Stem direction per event id, from Verovio's SVG: a stem reaching above its note head is up."""
    toolkit = verovio.toolkit()
    toolkit.setOptions({"breaks": "none", "pageWidth": 60000, "adjustPageHeight": True, "svgHtml5": True})
    if not toolkit.loadData(document):
        raise ValueError("Verovio could not read the MEI")
    svg = toolkit.renderToSVG(1)
    root = ET.fromstring(svg)
    stems = {}
    for group in root.iter():
        ident = group.get("data-id") or group.get("id") or ""
        if not re.fullmatch(r"m\d+s\d+n\d+", ident):
            continue
        heads = [u for g in group.iter() if "notehead" in (g.get("class") or "") for u in g.iter() if u.tag.endswith("use")]
        stem_paths = [p for g in group.iter() if (g.get("class") or "") == "stem" for p in g.iter() if p.tag.endswith("path")]
        if not heads or not stem_paths:
            continue
        ys = [float(re.search(r"translate\(\s*-?[\d.]+,\s*(-?[\d.]+)", u.get("transform")).group(1)) for u in heads]
        coordinates = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", stem_paths[0].get("d"))]
        stem_ys = coordinates[1::2]
        # SVG y grows downwards: a stem whose far end is above the heads points up.
        far = min(stem_ys) if abs(min(stem_ys) - min(ys)) > abs(max(stem_ys) - max(ys)) else max(stem_ys)
        stems[ident] = "up" if far < min(ys) else "down"
    return stems, svg


driver = chromium(1400, 900)
try:
    catalogue = pieces()
    check("the catalogue has notated pieces to compare", len(catalogue) >= 10, len(catalogue))
    for number, piece in enumerate(catalogue):
        driver.get(f"{BASE}/piece/{piece['id']}")
        WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, "svg.notation g.note"))
        drawn = driver.execute_script("""
            const svg = document.querySelector('svg.notation');
            const top = [...svg.querySelectorAll('line.staff-line')];
            const notes = [...svg.querySelectorAll('g.note')].map((g) => ({ stem: g.dataset.stem ?? null, step: g.dataset.step,
              offset: Number(g.dataset.offset), x: g.querySelector('ellipse').getAttribute('cx'), y: Number(g.querySelector('ellipse').getAttribute('cy')) }));
            return { clefs: svg.dataset.clefs.split(' '), notes, rests: svg.querySelectorAll('g.rest').length, restRects: svg.querySelectorAll('rect.rest').length,
                     beams: [...svg.querySelectorAll('g.beam')].map((b) => Number(b.dataset.notes)),
                     keyAccidentals: svg.querySelectorAll('text.accidental.key').length,
                     width: svg.getBoundingClientRect().width };""")
        # The app's sounding notes in data order, named as the MEI names them.
        order = []
        for m_index, measure in enumerate(piece["measures"]):
            for staff, notes in staff_notes(measure):
                order += [(f"m{m_index}s{staff}n{i}", n) for i, n in enumerate(notes) if not (n["isRest"] or "r" in n["duration"])]
        check(f"{piece['title']}: every sounding note is drawn", len(drawn["notes"]) == len(order), (len(drawn["notes"]), len(order)))
        rests = sum(1 for m in piece["measures"] for n in m["notes"] if n["isRest"] or "r" in n["duration"])
        check(f"{piece['title']}: rests are glyphs", drawn["rests"] == rests and drawn["restRects"] == 0, (drawn["rests"], rests))
        if len(drawn["notes"]) != len(order):
            continue
        drawn_by_id = dict(zip([o[0] for o in order], drawn["notes"]))
        drawn_beams = beam_groups(piece)
        check(f"{piece['title']}: beams hold each beat's eighths and sixteenths", sorted(len(g) for gs in drawn_beams.values() for g in gs) == sorted(drawn["beams"]),
              (sorted(drawn["beams"]), sorted(len(g) for gs in drawn_beams.values() for g in gs)))
        stems, engraved = verovio_stems(mei(piece, {"clefs": drawn["clefs"], "beams": drawn_beams}))
        compared = [(ident, drawn_by_id[ident]["stem"], stems.get(ident)) for ident, note in order
                    if note["duration"].replace("d", "") != "w" and ident in stems]
        disagree = [c for c in compared if c[1] != c[2]]
        check(f"{piece['title']}: stems agree with Verovio's ({len(compared)} compared)", len(compared) >= len(order) * 0.8 and not disagree,
              (disagree[:6], len(compared), len(order)))
        signature = key_sig(piece["measures"][0]["keySignature"])
        key_count = 0 if signature == "0" else int(signature[:-1])
        check(f"{piece['title']}: the key signature is drawn on each staff", drawn["keyAccidentals"] == key_count * len(drawn["clefs"]),
              (drawn["keyAccidentals"], key_count))
        # No two heads of one staff and onset collide: distinct onsets stand at least a head apart.
        xs = sorted({(n["offset"], float(n["x"])) for n in drawn["notes"]}, key=lambda p: p[1])
        close = [(a, b) for a, b in zip(xs, xs[1:]) if a[0] != b[0] and b[1] - a[1] < 14 and abs(b[1] - a[1]) > 0.01]
        check(f"{piece['title']}: onsets stand at least a head apart", not close, close[:4])
        if number < 6:
            driver.find_element(By.CSS_SELECTOR, "svg.notation").screenshot(os.path.join(OUTPUT, f"notation-{number}.png"))
            with open(os.path.join(OUTPUT, f"notation-{number}-verovio.svg"), "w") as out:
                out.write(engraved)
    # On a phone the notation scrolls sideways inside its box, never the page.
    phone = chromium(390, 844)
    try:
        phone.get(f"{BASE}/piece/{catalogue[0]['id']}")
        WebDriverWait(phone, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, "svg.notation g.note"))
        check("on a phone the page does not scroll sideways", phone.execute_script("return document.documentElement.scrollWidth <= window.innerWidth"))
        phone.save_screenshot(os.path.join(OUTPUT, "notation-phone.png"))
    finally:
        phone.quit()
finally:
    driver.quit()
    serving.stop(process)

report.finish("notation against Verovio")
