"""Deterministic generator of large, valid roadmap.toml files for benchmarks.

Usage: python benchmarks/gen_roadmap.py --items 10000 --seed 1 -o PATH [--check]

Importable: ``generate_roadmap(n_items, seed) -> str`` gives the text of a file,
``generate_parts`` the pieces that ``gen_history.py`` edits line by line, and
``check_roadmap`` a reference checker of the spec's error rules.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

# (id, prefix, name, name_es), in file order.
AREAS: tuple[tuple[str, str, str, str], ...] = (
    ("innovation", "INN", "Innovation", "Innovación"),
    ("human-capital", "HUM", "Human capital", "Capital humano"),
    ("providers", "PRV", "Provider development", "Desarrollo de proveedores"),
    ("infrastructure", "INF", "Infrastructure development", "Desarrollo de infraestructura"),
    ("governance", "GOV", "Governance structures", "Estructuras de gobernanza"),
)
AREA_IDS: tuple[str, ...] = tuple(a[0] for a in AREAS)
PREFIX: dict[str, str] = {a[0]: a[1] for a in AREAS}
# Share of the items that each area holds (same order as AREAS).
AREA_WEIGHTS: tuple[float, ...] = (0.22, 0.18, 0.20, 0.24, 0.16)

# (id, name, sector, country)
OWNERS: tuple[tuple[str, str, str, str], ...] = (
    ("sre", "Secretaría de Relaciones Exteriores", "government", "MX"),
    ("se", "Secretaría de Economía", "government", "MX"),
    ("doe", "U.S. Department of Energy", "government", "US"),
    ("dot", "U.S. Department of Transportation", "government", "US"),
    ("nadbank", "North American Development Bank", "government", "binational"),
    ("amia", "Asociación Mexicana de la Industria Automotriz", "industry", "MX"),
    ("ina", "Industria Nacional de Autopartes", "industry", "MX"),
    ("autos-innovate", "Alliance for Automotive Innovation", "industry", "US"),
    ("unam", "Universidad Nacional Autónoma de México", "academia", "MX"),
    ("tec", "Tecnológico de Monterrey", "academia", "MX"),
    ("uc", "University of California", "academia", "US"),
    ("utep", "The University of Texas at El Paso", "academia", "US"),
    ("electromovilidad", "Asociación Mexicana de Electromovilidad", "civil-society", "MX"),
    ("border-ev", "Border EV Coalition", "civil-society", "binational"),
)
OWNER_IDS: tuple[str, ...] = tuple(o[0] for o in OWNERS)

# (id, title, title_es, due)
MILESTONES: tuple[tuple[str, str, str, date], ...] = (
    (
        "roadmap-draft",
        "Binational roadmap drafted",
        "Hoja de ruta binacional redactada",
        date(2023, 12, 15),
    ),
    (
        "pilot-corridors",
        "Pilot charging corridors selected",
        "Corredores piloto de recarga seleccionados",
        date(2024, 6, 28),
    ),
    (
        "workforce-plan",
        "Binational workforce plan adopted",
        "Plan binacional de capital humano adoptado",
        date(2024, 10, 31),
    ),
    (
        "supplier-map",
        "Supplier map for EV components published",
        "Mapa de proveedores de componentes publicado",
        date(2025, 3, 31),
    ),
    (
        "standards-aligned",
        "Charging and safety standards aligned",
        "Normas de recarga y seguridad armonizadas",
        date(2025, 9, 30),
    ),
    (
        "corridors-phase-1",
        "First phase of cross-border corridors operating",
        "Primera fase de corredores transfronterizos en operación",
        date(2026, 3, 31),
    ),
    (
        "midterm-review",
        "Mid-term review presented to ministers",
        "Revisión intermedia presentada a los ministros",
        date(2026, 9, 30),
    ),
    (
        "roadmap-2027",
        "Roadmap 2027 goals met",
        "Metas de la hoja de ruta 2027 cumplidas",
        date(2027, 6, 30),
    ),
)
MILESTONE_DUE: dict[str, date] = {m[0]: m[3] for m in MILESTONES}

STATUSES: tuple[str, ...] = ("planned", "in_progress", "blocked", "done", "dropped")
OPEN: tuple[str, ...] = ("planned", "in_progress", "blocked")
STATUS_WEIGHTS: tuple[float, ...] = (0.32, 0.30, 0.08, 0.24, 0.06)
SECTORS: tuple[str, ...] = ("government", "industry", "academia", "civil-society")
COUNTRIES: tuple[str, ...] = ("MX", "US", "binational")

# Canonical order of keys in an item; gen_history inserts new lines by it.
KEY_ORDER: tuple[str, ...] = (
    "id",
    "title",
    "title_es",
    "area",
    "owners",
    "status",
    "milestone",
    "start",
    "due",
    "progress",
    "depends_on",
    "tags",
    "links",
    "reason",
    "created",
    "completed",
    "notes",
)
ITEM_KEYS: frozenset[str] = frozenset(KEY_ORDER)

# Dates of the generated roadmap (fixed, so output never depends on today).
CREATED_FROM = date(2023, 1, 9)
CREATED_TO = date(2025, 6, 30)
AS_OF = date(2025, 7, 31)  # the day the generated file describes

# Title templates per area: (english, spanish) with {x} and {y} slots.
TITLES: dict[str, tuple[tuple[str, str], ...]] = {
    "innovation": (
        ("Map {x} R&D capacity in {y}", "Mapear la capacidad de I+D en {x} en {y}"),
        ("Pilot a testbed for {x} in {y}", "Poner a prueba un banco de pruebas de {x} en {y}"),
        ("Launch a joint research call on {x}", "Lanzar una convocatoria conjunta sobre {x}"),
        ("Publish an open dataset on {x}", "Publicar datos abiertos sobre {x}"),
        ("Benchmark {x} performance in {y}", "Comparar el desempeño de {x} en {y}"),
    ),
    "human-capital": (
        ("Train technicians in {x} in {y}", "Capacitar técnicos en {x} en {y}"),
        ("Launch a binational diploma on {x}", "Lanzar un diplomado binacional sobre {x}"),
        ("Certify instructors in {x}", "Certificar instructores en {x}"),
        ("Student exchange on {x} with {y}", "Intercambio estudiantil sobre {x} con {y}"),
        ("Review curricula on {x} in {y}", "Revisar planes de estudio sobre {x} en {y}"),
    ),
    "providers": (
        ("Identify suppliers of {x} in {y}", "Identificar proveedores de {x} en {y}"),
        ("Assess supplier readiness for {x}", "Evaluar la preparación de proveedores de {x}"),
        (
            "Hold a match-making forum for {x} suppliers",
            "Foro de vinculación de proveedores de {x}",
        ),
        ("Quality certification plan for {x}", "Plan de certificación de calidad para {x}"),
        ("Financing window for {x} makers in {y}", "Ventanilla de financiamiento para {x} en {y}"),
    ),
    "infrastructure": (
        ("Deploy fast chargers along {z}", "Instalar cargadores rápidos en {z}"),
        ("Grid capacity study for {z}", "Estudio de capacidad de la red para {z}"),
        ("Harmonize connector standards on {z}", "Armonizar conectores en {z}"),
        ("Permitting guide for chargers in {y}", "Guía de permisos para cargadores en {y}"),
        ("Site depot charging for e-buses in {y}", "Ubicar recarga de autobuses eléctricos en {y}"),
    ),
    "governance": (
        ("Draft an MoU on {w}", "Redactar un memorando de entendimiento sobre {w}"),
        ("Set up a subgroup on {w}", "Crear un subgrupo sobre {w}"),
        ("Align regulations on {w}", "Armonizar la regulación sobre {w}"),
        ("Report to ministers on {w}", "Informar a los ministros sobre {w}"),
        ("Annual review of {w}", "Revisión anual de {w}"),
    ),
}
TOPICS: dict[str, tuple[tuple[str, str], ...]] = {
    "innovation": (
        ("battery chemistry", "química de baterías"),
        ("solid-state batteries", "baterías de estado sólido"),
        ("battery recycling", "reciclaje de baterías"),
        ("power electronics", "electrónica de potencia"),
        ("vehicle-to-grid", "vehículo a red"),
        ("lithium processing", "procesamiento de litio"),
        ("electric motors", "motores eléctricos"),
        ("thermal management", "gestión térmica"),
        ("heavy-duty electrification", "electrificación de carga pesada"),
    ),
    "human-capital": (
        ("high-voltage safety", "seguridad en alta tensión"),
        ("battery maintenance", "mantenimiento de baterías"),
        ("charger installation", "instalación de cargadores"),
        ("EV diagnostics", "diagnóstico de vehículos eléctricos"),
        ("power systems engineering", "ingeniería de sistemas eléctricos"),
        ("cell manufacturing", "manufactura de celdas"),
    ),
    "providers": (
        ("battery cells", "celdas de batería"),
        ("wiring harnesses", "arneses eléctricos"),
        ("inverters", "inversores"),
        ("charging equipment", "equipos de recarga"),
        ("cathode materials", "materiales catódicos"),
        ("thermal components", "componentes térmicos"),
        ("electric drive units", "unidades de tracción eléctrica"),
    ),
}
PLACES: tuple[str, ...] = (
    "both countries",
    "the border region",
    "Nuevo León",
    "Sonora",
    "Coahuila",
    "Chihuahua",
    "Baja California",
    "Guanajuato",
    "Jalisco",
    "Querétaro",
    "Texas",
    "California",
    "Arizona",
    "Michigan",
    "New Mexico",
)
CORRIDORS: tuple[str, ...] = (
    "the Monterrey–Laredo corridor",
    "the Ciudad Juárez–El Paso crossing",
    "the Tijuana–San Diego crossing",
    "the Nogales–Tucson corridor",
    "the CANAMEX corridor",
    "Highway 57",
    "I-35",
    "I-10",
)
SUBJECTS: tuple[tuple[str, str], ...] = (
    ("battery trade rules", "reglas de comercio de baterías"),
    ("rules of origin for EV parts", "reglas de origen de autopartes eléctricas"),
    ("charging data sharing", "intercambio de datos de recarga"),
    ("critical minerals", "minerales críticos"),
    ("purchase incentives", "incentivos a la compra"),
    ("vehicle emission standards", "normas de emisiones vehiculares"),
    ("public fleet procurement", "compras de flotas públicas"),
    ("cross-border permits", "permisos transfronterizos"),
)
TAGS: dict[str, tuple[str, ...]] = {
    "innovation": ("batteries", "r-and-d", "recycling", "v2g", "lithium", "pilot", "open-data"),
    "human-capital": ("training", "certification", "universities", "workforce", "exchange"),
    "providers": ("suppliers", "supply-chain", "certification", "financing", "nearshoring"),
    "infrastructure": ("charging", "corridors", "grid", "permits", "e-buses", "standards"),
    "governance": ("mou", "regulation", "trade", "ministers", "incentives", "standards"),
}
NOTES: tuple[str, ...] = (
    "Coordinación con la Secretaría de Economía pendiente.",
    "Awaiting sign-off from the DOE Vehicle Technologies Office.",
    "Reunión técnica en Querétaro; acuerdos por confirmar.",
    "Budget confirmed for FY2025 — presupuesto aprobado.",
    'Partner said "ready by Q3"; follow up at the next session.',
    "Piloto en Ciudad Juárez con 12 unidades ✓",
    "Año fiscal 2024: revisión de metas con CONAHCYT.",
    "Depends on the outcome of the grid study in Nuevo León.",
    "Traducción al español en revisión (señalética bilingüe).",
    "Línea base medida en 2023; meta: +40 % para 2026.",
)
REASONS_BLOCKED: tuple[str, ...] = (
    "Waiting for the budget of the next fiscal year",
    "Pending agreement on data sharing",
    "Falta la firma del convenio de colaboración",
    "Permit process stalled at the state level",
    "Proveedor aún sin certificación",
    "Grid interconnection study not delivered",
)
REASONS_DROPPED: tuple[str, ...] = (
    "Superseded by a broader initiative",
    "Duplicado de otra acción",
    "No funding available",
    "Out of the group's scope after the mid-term review",
    "Se fusionó con el programa estatal",
)
MEETING_TITLES: tuple[tuple[str, str], ...] = (
    ("Plenary session", "Sesión plenaria"),
    ("Technical working session", "Sesión técnica de trabajo"),
    ("Review of the roadmap", "Revisión de la hoja de ruta"),
    ("Ministerial follow-up", "Seguimiento ministerial"),
)
DECISIONS: tuple[str, ...] = (
    "Adopt the corridor selection criteria",
    "Ask each area to report progress quarterly",
    "Se aprueba el calendario de sesiones del próximo año",
    "Create a subgroup on battery recycling",
    "Publish the supplier map in both languages",
    "Revisar las metas de capacitación con las universidades",
)

_ESCAPES = {i: f"\\u{i:04X}" for i in range(0x20)} | {
    0x7F: "\\u007F",
    ord('"'): '\\"',
    ord("\\"): "\\\\",
    ord("\n"): "\\n",
    ord("\t"): "\\t",
}


def toml_str(text: str) -> str:
    """Return ``text`` as a TOML basic string literal."""
    return '"' + text.translate(_ESCAPES) + '"'


def toml_value(value: object) -> str:
    """Return the TOML text of a string, int, date or list of them."""
    if isinstance(value, str):
        return toml_str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | date):
        return str(value) if isinstance(value, int) else value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {value!r} as TOML")


def item_lines(item: dict[str, Any]) -> list[str]:
    """Return the lines (without newlines) of one ``[[items]]`` table, keys in KEY_ORDER."""
    return ["[[items]]"] + [f"{k} = {toml_value(item[k])}" for k in KEY_ORDER if k in item]


def area_comment(area_id: str) -> str:
    """Return the comment line that opens the section of one area."""
    _, prefix, name, name_es = AREAS[AREA_IDS.index(area_id)]
    return f"# --- {name} / {name_es} ({prefix}) ---"


def render_header(comment: str = "") -> str:
    """Return the file's header: schema comment, [roadmap], areas, owners and milestones."""
    out = [
        "#:schema ./roadmap.schema.json",
        "# Binational roadmap of the Mexico–United States Electric Vehicle Working Group.",
    ]
    if comment:
        out.append(f"# {comment}")
    out += [
        "",
        "[roadmap]",
        'title = "Mexico–United States Electric Vehicle Working Group"',
        'title_es = "Grupo de Trabajo México–Estados Unidos de Vehículos Eléctricos"',
    ]
    for area_id, prefix, name, name_es in AREAS:
        out += ["", f"[areas.{area_id}]", f"name = {toml_str(name)}"]
        out += [f"name_es = {toml_str(name_es)}", f"prefix = {toml_str(prefix)}"]
    for owner_id, name, sector, country in OWNERS:
        out += ["", f"[owners.{owner_id}]", f"name = {toml_str(name)}"]
        out += [f"sector = {toml_str(sector)}", f"country = {toml_str(country)}"]
    for ms_id, title, title_es, due in MILESTONES:
        out += ["", f"[milestones.{ms_id}]", f"title = {toml_str(title)}"]
        out += [f"title_es = {toml_str(title_es)}", f"due = {due.isoformat()}"]
    return "\n".join(out) + "\n"


def assemble(header: str, blocks: dict[str, Sequence[str]], trailer: str = "") -> str:
    """Join the header, each area's item blocks (texts ending in a newline) and the trailer."""
    parts = [header]
    for area_id in AREA_IDS:
        parts.append("\n" + area_comment(area_id) + "\n")
        for block in blocks.get(area_id, ()):
            parts.append("\n")
            parts.append(block)
    if trailer:
        parts.append("\n")
        parts.append(trailer)
    return "".join(parts)


def make_title(rng: random.Random, area: str) -> tuple[str, str]:
    """Return a plausible (english, spanish) title for an item of ``area``."""
    en, es = rng.choice(TITLES[area])
    place = rng.choice(PLACES)
    corridor = rng.choice(CORRIDORS)
    subj_en, subj_es = rng.choice(SUBJECTS)
    top_en, top_es = rng.choice(TOPICS.get(area, SUBJECTS))
    place_es = {"both countries": "ambos países", "the border region": "la región fronteriza"}
    en = en.format(x=top_en, y=place, z=corridor, w=subj_en)
    es = es.format(x=top_es, y=place_es.get(place, place), z=corridor, w=subj_es)
    return en, es


def pick_status(rng: random.Random, age: float) -> str:
    """Pick a status; ``age`` 1.0 is the oldest item, 0.0 the newest."""
    weights = (0.12 + 0.35 * (1 - age), 0.30, 0.08, 0.05 + 0.40 * age, 0.06)
    return rng.choices(STATUSES, weights)[0]


def _pick_deps(rng: random.Random, pool: Sequence[str]) -> list[str]:
    """Pick 0-2 distinct ids from ``pool``, preferring its most recent entries."""
    if not pool:
        return []
    k = rng.choices((0, 1, 2), (0.62, 0.28, 0.10))[0]
    deps: list[str] = []
    for _ in range(k):
        window = min(len(pool), 150) if rng.random() < 0.8 else len(pool)
        dep = pool[len(pool) - 1 - rng.randrange(window)]
        if dep not in deps:
            deps.append(dep)
    return deps


def make_item(
    rng: random.Random,
    area: str,
    number: int,
    created: date,
    status: str,
    dep_pool: Sequence[str] = (),
    as_of: date = AS_OF,
) -> dict[str, Any]:
    """Return one valid item as the file stands on ``as_of``; it may depend on ``dep_pool``.

    Done items are completed by ``as_of``; most open items are due after it.
    """
    item: dict[str, Any] = {"id": f"{PREFIX[area]}-{number}"}
    title, title_es = make_title(rng, area)
    item["title"] = title
    if rng.random() < 0.3:
        item["title_es"] = title_es
    item["area"] = area
    if rng.random() < 0.97:
        item["owners"] = rng.sample(OWNER_IDS, rng.choices((1, 2, 3), (0.5, 0.35, 0.15))[0])
    item["status"] = status
    start = created + timedelta(days=rng.randrange(0, 121)) if rng.random() < 0.7 else None
    base = start or created
    due: date | None = None
    if rng.random() < 0.8:
        due = base + timedelta(days=rng.randrange(30, 541))
        if status in OPEN and due < as_of and rng.random() < 0.85:
            # Open items past their date have mostly been rescheduled by now.
            due = as_of + timedelta(days=rng.randrange(15, 541))
    # A milestone due on or after the item (never before its due date).
    floor = due or base + timedelta(days=30)
    candidates = [m for m, ms_due in MILESTONE_DUE.items() if ms_due >= floor]
    milestone = rng.choice(candidates[:3]) if candidates and rng.random() < 0.6 else None
    if milestone:
        item["milestone"] = milestone
    if start:
        item["start"] = start
    if due:
        item["due"] = due
    if status == "done":
        if rng.random() < 0.5:
            item["progress"] = 100
    elif status in ("in_progress", "blocked"):
        if rng.random() < 0.7:
            item["progress"] = 5 * rng.randrange(1, 20)
    elif status == "planned" and rng.random() < 0.15:
        item["progress"] = 0
    deps = _pick_deps(rng, dep_pool)
    if deps:
        item["depends_on"] = deps
    n_tags = rng.choices((0, 1, 2, 3), (0.2, 0.45, 0.28, 0.07))[0]
    if n_tags:
        item["tags"] = rng.sample(TAGS[area], n_tags)
    if rng.random() < 0.08:
        item["links"] = [f"https://docs.ewg.example.org/{item['id'].lower()}"]
    if status == "blocked":
        item["reason"] = rng.choice(REASONS_BLOCKED)
    elif status == "dropped":
        item["reason"] = rng.choice(REASONS_DROPPED)
    item["created"] = created
    if status == "done":
        upper = max(base, min((due or base) + timedelta(days=60), as_of))
        item["completed"] = base + timedelta(days=rng.randrange((upper - base).days + 1))
    if rng.random() < 0.06:
        item["notes"] = rng.choice(NOTES)
    return item


def area_counts(n_items: int) -> dict[str, int]:
    """Split ``n_items`` over the five areas by AREA_WEIGHTS (deterministic)."""
    counts = [int(n_items * w) for w in AREA_WEIGHTS]
    for i in range(n_items - sum(counts)):
        counts[i % len(counts)] += 1
    return dict(zip(AREA_IDS, counts, strict=True))


def generate_items(
    n_items: int,
    seed: int,
    created_from: date = CREATED_FROM,
    created_to: date = CREATED_TO,
    as_of: date = AS_OF,
) -> dict[str, list[dict[str, Any]]]:
    """Return ``n_items`` valid items by area, in file order; depends_on only points back."""
    rng = random.Random(seed)
    span = max((created_to - created_from).days, 1)
    dep_pool: list[str] = []  # every earlier id
    done_pool: list[str] = []  # earlier done ids: a done item depends only on done ones
    items: dict[str, list[dict[str, Any]]] = {}
    for area, count in area_counts(n_items).items():
        # Sorted creation dates: later numbers were created later, as with a real tool.
        created = sorted(created_from + timedelta(days=rng.randrange(span)) for _ in range(count))
        items[area] = []
        for number, day in enumerate(created, start=1):
            age = 1 - (day - created_from).days / span
            status = pick_status(rng, age)
            pool = done_pool if status == "done" else dep_pool
            item = make_item(rng, area, number, day, status, pool, as_of)
            items[area].append(item)
            dep_pool.append(item["id"])
            if status == "done":
                done_pool.append(item["id"])
    return items


def render_meetings(rng: random.Random, item_ids: Sequence[str], count: int) -> str:
    """Return ``count`` ``[[meetings]]`` tables referring to existing owners and items."""
    out: list[str] = []
    day = date(2023, 3, 16)
    for i in range(count):
        title, title_es = MEETING_TITLES[i % len(MEETING_TITLES)]
        if out:
            out.append("")
        out += ["[[meetings]]", f"date = {day.isoformat()}", f"title = {toml_str(title)}"]
        out.append(f"title_es = {toml_str(title_es)}")
        out.append(f"attendees = {toml_value(rng.sample(OWNER_IDS, rng.randrange(4, 10)))}")
        out.append(f"decisions = {toml_value(rng.sample(DECISIONS, rng.randrange(1, 3)))}")
        if item_ids:
            ids = sorted(set(rng.choices(item_ids, k=3)), key=item_ids.index)
            out.append(f"items = {toml_value(ids)}")
        day += timedelta(days=91)
    return "\n".join(out) + "\n" if out else ""


@dataclass
class RoadmapParts:
    """The pieces of a generated file: header, items by area, meetings trailer."""

    header: str
    items: dict[str, list[dict[str, Any]]]
    trailer: str = ""
    meeting_items: set[str] = field(default_factory=set)

    def render(self) -> str:
        """Return the whole file's text."""
        blocks = {
            area: ["\n".join(item_lines(it)) + "\n" for it in items]
            for area, items in self.items.items()
        }
        return assemble(self.header, blocks, self.trailer)


def generate_parts(
    n_items: int,
    seed: int,
    meetings: int = 6,
    created_from: date = CREATED_FROM,
    created_to: date = CREATED_TO,
    as_of: date = AS_OF,
) -> RoadmapParts:
    """Return the parts of a generated roadmap (see ``generate_roadmap``)."""
    items = generate_items(n_items, seed, created_from, created_to, as_of)
    ids = [it["id"] for area_items in items.values() for it in area_items]
    trailer = render_meetings(random.Random(seed + 1), ids, meetings)
    meeting_items = set(re.findall(r'"([A-Z]+-\d+)"', trailer))
    header = render_header(
        f"Generated by benchmarks/gen_roadmap.py (items={n_items}, seed={seed})."
    )
    return RoadmapParts(header, items, trailer, meeting_items)


def generate_roadmap(
    n_items: int, seed: int = 1, meetings: int = 6, indicators: int = 0, measurements: int = 0
) -> str:
    """Return the text of a valid roadmap.toml with ``n_items`` items (same seed, same text),
    and ``indicators`` indicators with ``measurements`` measurements after them."""
    text = generate_parts(n_items, seed, meetings).render()
    return text + render_indicators(random.Random(seed + 2), indicators, measurements)


def render_indicators(rng: random.Random, count: int, measurements: int) -> str:
    """``count`` indicators (pairs of MX and US in one group, areas in turn) and
    ``measurements`` weekly measurements spread over them, each indicator's dates distinct."""
    if count <= 0:
        return ""
    out: list[str] = []
    for i in range(count):
        country = ("MX", "US")[i % 2]
        base = rng.randrange(100, 5000)
        out += ["", f"[indicators.ind-{i:04d}]", f'name = "Indicator {i} ({country})"']
        out += [f"area = {toml_str(AREA_IDS[(i // 2) % len(AREA_IDS)])}", f'country = "{country}"']
        out += ['unit = "units"', f'owners = ["{OWNER_IDS[i % len(OWNER_IDS)]}"]']
        out += [f'group = "group-{i // 2:04d}"']
        out += [f"baseline = {{ date = 2023-01-01, value = {base} }}"]
        out += [f"target = {{ date = 2030-12-31, value = {base * 5} }}"]
    for k in range(measurements):
        i, week = k % count, k // count + 1
        day = date(2023, 1, 1) + timedelta(days=7 * week)
        out += ["", "[[measurements]]", f'indicator = "ind-{i:04d}"', f"date = {day.isoformat()}"]
        value = rng.randrange(100, 25000)
        # Every fourth indicator is a share with one decimal (EV share of sales: 12.5).
        out.append(f"value = {value / 10 if i % 4 == 3 else value}")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- reference checks

TOP_KEYS = frozenset(
    {"roadmap", "areas", "owners", "milestones", "items", "meetings", "indicators", "measurements"}
)
ID_RE = re.compile(r"^([A-Z]+)-([1-9][0-9]*)$")


def _is_date(value: object) -> bool:
    """True for a TOML local date (not a datetime)."""
    return type(value) is date


def _is_str_list(value: object) -> bool:
    """True for a list of strings."""
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _check_table(
    where: str, table: object, keys: dict[str, Any], problems: list[str]
) -> dict[str, Any]:
    """Check that ``table`` is a table with exactly the string/date ``keys``; return it."""
    if not isinstance(table, dict):
        problems.append(f"{where}: not a table")
        return {}
    for key, kind in keys.items():
        if key not in table:
            problems.append(f"{where}: missing {key}")
        elif kind == "date" and not _is_date(table[key]):
            problems.append(f"{where}: {key} is not a date")
        elif kind is str and not isinstance(table[key], str):
            problems.append(f"{where}: {key} is not a string")
        elif isinstance(kind, tuple) and table[key] not in kind:
            problems.append(f"{where}: {key} = {table[key]!r} is not one of {kind}")
    problems.extend(f"{where}: unknown key {k}" for k in table if k not in keys)
    return table


def find_cycle(graph: dict[str, list[str]]) -> list[str] | None:
    """Return one dependency cycle of ``graph`` (id -> ids it depends on), or None."""
    state: dict[str, int] = {}  # 1 = on the stack, 2 = done
    for root in graph:
        if root in state:
            continue
        stack: list[tuple[str, Iterable[str]]] = [(root, iter(graph.get(root, ())))]
        path = [root]
        state[root] = 1
        while stack:
            node, children = stack[-1]
            child = next(iter(children), None)
            if child is None:
                state[node] = 2
                stack.pop()
                path.pop()
            elif state.get(child) == 1:
                return [*path[path.index(child) :], child]
            elif child not in state and child in graph:
                state[child] = 1
                path.append(child)
                stack.append((child, iter(graph[child])))
    return None


def check_roadmap(doc: dict[str, Any], ordered: bool = True) -> list[str]:
    """Return the spec's errors found in a parsed roadmap (empty list: valid).

    With ``ordered`` also check the generator's own promises: items grouped by
    area, ids numbered in order, depends_on pointing only to earlier items,
    reason on blocked/dropped items and completed only on done ones.
    """
    problems: list[str] = [f"unknown table {k}" for k in doc if k not in TOP_KEYS]
    _check_table("[roadmap]", doc.get("roadmap"), {"title": str, "title_es": str}, problems)
    areas = doc.get("areas") or {}
    if not areas:
        problems.append("no areas")
    prefixes: dict[str, str] = {}
    for area_id, area in areas.items():
        t = _check_table(
            f"areas.{area_id}", area, {"name": str, "name_es": str, "prefix": str}, problems
        )
        prefixes[area_id] = t.get("prefix", "")
    owners = doc.get("owners", {})
    for owner_id, owner in owners.items():
        spec = {"name": str, "sector": SECTORS, "country": COUNTRIES}
        _check_table(f"owners.{owner_id}", owner, spec, problems)
    milestones = doc.get("milestones", {})
    for ms_id, ms in milestones.items():
        _check_table(
            f"milestones.{ms_id}", ms, {"title": str, "title_es": str, "due": "date"}, problems
        )
    items = doc.get("items", [])
    seen: dict[str, int] = {}
    graph: dict[str, list[str]] = {}
    area_order: list[str] = []
    last_number: dict[str, int] = {}
    for index, item in enumerate(items):
        where = f"items[{index}]"
        problems.extend(_check_item(where, item, prefixes, owners, milestones))
        item_id = item.get("id", "")
        if item_id in seen:
            problems.append(f"{where}: duplicate id {item_id}")
        seen[item_id] = index
        graph[item_id] = list(item.get("depends_on", []))
        if not ordered:
            continue
        area = item.get("area")
        if not area_order or area_order[-1] != area:
            if area in area_order:
                problems.append(f"{where}: items of area {area} are not consecutive")
            area_order.append(area)
        m = ID_RE.match(item_id)
        if m:
            if int(m.group(2)) <= last_number.get(area, 0):
                problems.append(f"{where}: {item_id} is not numbered after the previous one")
            last_number[area] = int(m.group(2))
        for dep in item.get("depends_on", []):
            if dep not in seen:
                problems.append(f"{where}: depends on {dep}, which is not an earlier item")
        status = item.get("status")
        if (status in ("blocked", "dropped")) != ("reason" in item):
            problems.append(f"{where}: reason present iff blocked/dropped is violated")
        if status != "done" and "completed" in item:
            problems.append(f"{where}: completed on an item that is not done")
    for item_id, deps in graph.items():
        problems.extend(f"{item_id}: depends on unknown item {d}" for d in deps if d not in seen)
    cycle = find_cycle(graph)
    if cycle:
        problems.append("dependency cycle: " + " -> ".join(cycle))
    for index, meeting in enumerate(doc.get("meetings", [])):
        where = f"meetings[{index}]"
        if not _is_date(meeting.get("date")) or not isinstance(meeting.get("title"), str):
            problems.append(f"{where}: needs a date and a title")
        problems.extend(
            f"{where}: unknown owner {o}" for o in meeting.get("attendees", []) if o not in owners
        )
        problems.extend(
            f"{where}: unknown item {i}" for i in meeting.get("items", []) if i not in seen
        )
        unknown = set(meeting) - {"date", "title", "title_es", "attendees", "decisions", "items"}
        problems.extend(f"{where}: unknown key {k}" for k in sorted(unknown))
    return problems


def _check_item(
    where: str,
    item: object,
    prefixes: dict[str, str],
    owners: dict[str, Any],
    milestones: dict[str, Any],
) -> list[str]:
    """Return the errors of one item table."""
    if not isinstance(item, dict):
        return [f"{where}: not a table"]
    out = [f"{where}: unknown key {k}" for k in item if k not in ITEM_KEYS]
    out += [f"{where}: missing {k}" for k in ("id", "title", "area", "status") if k not in item]
    for key in ("id", "title", "title_es", "area", "status", "milestone", "reason", "notes"):
        if key in item and not isinstance(item[key], str):
            out.append(f"{where}: {key} is not a string")
    for key in ("start", "due", "created", "completed"):
        if key in item and not _is_date(item[key]):
            out.append(f"{where}: {key} is not a date")
    for key in ("owners", "depends_on", "tags", "links"):
        if key in item and not _is_str_list(item[key]):
            out.append(f"{where}: {key} is not a list of strings")
    if out:
        return out
    if item["status"] not in STATUSES:
        out.append(f"{where}: invalid status {item['status']!r}")
    if item["area"] not in prefixes:
        out.append(f"{where}: unknown area {item['area']}")
    else:
        m = ID_RE.match(item["id"])
        if not m or m.group(1) != prefixes[item["area"]]:
            out.append(f"{where}: id {item['id']} does not carry the prefix of {item['area']}")
    out += [f"{where}: unknown owner {o}" for o in item.get("owners", []) if o not in owners]
    if "milestone" in item and item["milestone"] not in milestones:
        out.append(f"{where}: unknown milestone {item['milestone']}")
    if "start" in item and "due" in item and item["due"] < item["start"]:
        out.append(f"{where}: due {item['due']} before start {item['start']}")
    if "progress" in item:
        progress = item["progress"]
        if type(progress) is not int or not 0 <= progress <= 100:
            out.append(f"{where}: progress {progress!r} outside 0-100")
    if item["status"] == "done" and "completed" not in item:
        out.append(f"{where}: done item without completed")
    for link in item.get("links", []):
        if not link.startswith(("http://", "https://")):
            out.append(f"{where}: link {link!r} is not http/https")
    return out


def summarize(doc: dict[str, Any]) -> str:
    """Return a one-line count of items by status."""
    counts: dict[str, int] = dict.fromkeys(STATUSES, 0)
    for item in doc.get("items", []):
        counts[item.get("status", "?")] = counts.get(item.get("status", "?"), 0) + 1
    parts = ", ".join(f"{k} {v}" for k, v in counts.items())
    return f"{len(doc.get('items', []))} items ({parts})"


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: write a generated roadmap to a file or stdout."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000, help="number of items")
    parser.add_argument("--seed", type=int, default=1, help="random seed (same seed, same file)")
    parser.add_argument("--meetings", type=int, default=6, help="number of [[meetings]]")
    parser.add_argument("--indicators", type=int, default=0, help="number of [indicators]")
    parser.add_argument("--measurements", type=int, default=0, help="number of [[measurements]]")
    parser.add_argument("-o", "--output", default="-", help="output path, - for stdout")
    parser.add_argument(
        "--check", action="store_true", help="parse the result with tomllib and check it"
    )
    args = parser.parse_args(argv)
    if args.items < 0:
        parser.error("--items must be >= 0")
    text = generate_roadmap(
        args.items, args.seed, args.meetings, args.indicators, args.measurements
    )
    if args.output == "-":
        sys.stdout.write(text)
    else:
        with open(args.output, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
    if args.check:
        doc = tomllib.loads(text)
        problems = check_roadmap(doc)
        for problem in problems[:50]:
            print(f"error: {problem}", file=sys.stderr)
        if problems:
            print(f"{len(problems)} problems", file=sys.stderr)
            return 1
        print(f"valid: {summarize(doc)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
