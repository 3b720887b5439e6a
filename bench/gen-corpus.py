#!/usr/bin/env python3
"""Write a synthetic archive of monthly reports, for the benchmarks in bench/.

    bench/gen-corpus.py OUT [--reports N] [--start-year YEAR] [--paragraphs P]
                            [--photos K --photo-dir DIR] [--seed S]

OUT (created, or emptied of what an earlier run wrote) becomes one folder that
is two sites over the same content:

  * a faro site: site.yaml, content/_index.md, content/acerca.md and one report
    per month, content/informes/YYYY/MM/index.md, from January of YEAR on;
  * a Hugo site: hugo.toml and layouts/ (bench/hugo-build.sh builds it), whose
    templates render each report's title, tables and narrative, so that both
    generators do comparable work on identical input.

Each report has the four tables of the January 2024 report
(content/informes/2024/01/index.md; the same ids and labels as TableSpec in
tests/robustness.rs), with values that drift from month to month, and a
narrative of P paragraphs (default 12) under six numbered `##` sections.
Every report is marked `sample: true`: none of its numbers is real.

With --photos K, each report gets K photos copied from the JPEG files of
--photo-dir (taken in turn), shown in its narrative; each copy carries a JPEG
comment naming it, so that no two photo files have the same bytes (faro and
Hugo would otherwise process each distinct photo once). Without a photo
folder, bench/photos-vs-hugo.sh makes one (see there).

Only the Python standard library is used. The same --seed gives the same
archive byte for byte.
"""
import argparse
import os
import random
import shutil
import sys

MONTHS = ("enero febrero marzo abril mayo junio julio agosto septiembre "
          "octubre noviembre diciembre").split()

# (id, number, title, unit, [(row id, label, January 2024 value)])
TABLES = [
    ("visas-residencias", 1, "Registro, control y emisión de visas y residencias",
     "Cantidad de documentos", [
         ("visas-emitidas", "Visas emitidas", 158),
         ("residencias-emitidas", "Residencias emitidas", 241),
         ("registro-extranjeria", "Registro de extranjería", 1350),
     ]),
    ("asistencia-proteccion", 2, "Asistencia y protección a personas migrantes",
     "Cantidad de personas", [
         ("migrantes-atendidos", "Migrantes nacionales y extranjeros atendidos para la "
          "protección y asistencia de sus derechos", 355),
         ("albergues-retornados", "Migrantes atendidos en albergues y centros de retornados", 6347),
     ]),
    ("documentos-migratorios", 3, "Emisión de documentos migratorios",
     "Cantidad de documentos", [
         ("emision", "Emisión de documentos migratorios", 66096),
         ("prorroga", "Prórroga de documentos migratorios", 4077),
     ]),
    ("control-migratorio", 4,
     "Control, registro de nacionales y extranjeros en el territorio nacional",
     "Cantidad de personas", [
         ("ingresos-egresos", "Personas nacionales y extranjeras con registro de ingreso, "
          "permanencia y egreso del país", 1025875),
     ]),
]
SOURCE = "Ejecución mensual de metas físicas, Subdirección de Planificación."

# (section heading, unit that reports under it)
SECTIONS = [
    ("Política Migratoria", "Departamento de Estudios y Políticas Migratorias"),
    ("Atención y Protección de los Derechos Fundamentales de los Migrantes",
     "Subdirección de Atención y Protección de Derechos Fundamentales de los Migrantes"),
    ("Control Migratorio", "Subdirección de Control Migratorio"),
    ("Documentos de Identidad Personal y de Viaje", "Subdirección de Documentos de Identidad"),
    ("Extranjería", "Subdirección de Extranjería"),
    ("Fortalecimiento Tecnológico y Administrativo", "Subdirección de Recursos Tecnológicos"),
]

VOCABULARY = (
    "el instituto realizó jornadas de atención en los puestos fronterizos y en las delegaciones "
    "departamentales con apoyo de organismos de cooperación para mejorar los servicios a la "
    "población migrante se coordinó con instituciones del sector la capacitación del personal "
    "sobre protocolos de protección derechos humanos niñez no acompañada registro de ingresos "
    "egresos emisión de pasaportes visas residencias prórrogas y evacuación de consultas de "
    "usuarios nacionales y extranjeros durante el mes se dio seguimiento a los acuerdos de la "
    "mesa técnica interinstitucional"
).split()

HUGO_CONFIG = """\
# Written by bench/gen-corpus.py: the Hugo side of the benchmark archive.
baseURL = "https://example.org/informes/"
languageCode = "es"
title = "Informes de actividades relevantes"
# Never into public/, faro's output folder.
publishDir = "public-hugo"
# A long archive runs past today: publish its future months, as faro does.
buildFuture = true
disableKinds = ["taxonomy", "term", "RSS"]
enableRobotsTXT = false

# Like faro, publish the resized photos only, never the originals.
[cascade._build]
publishResources = false

[imaging]
quality = 80
resampleFilter = "Lanczos"
"""

# Layouts for Hugo, kept to what a report page needs: the tables of its front
# matter, its narrative, its photos resized to the widths faro uses.
HUGO_LAYOUTS = {
    "_default/baseof.html": """\
<!DOCTYPE html>
<html lang="es">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ .Site.Title }}</title>
</head>
<body>
<header><a href="{{ .Site.BaseURL }}">{{ .Site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
""",
    "_default/single.html": """\
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
{{ with .Params.extra.intro }}<p>{{ . }}</p>{{ end }}
{{ range .Params.tables }}
<table>
<caption>Cuadro {{ .number }}. {{ .title }}</caption>
<thead><tr><th scope="col">{{ .unit }}</th><th scope="col">Cantidad</th></tr></thead>
<tbody>
{{ range .rows }}<tr id="{{ .id }}"><th scope="row">{{ .label }}</th><td>{{ lang.FormatNumber 0 .value }}</td></tr>
{{ end }}</tbody>
<tfoot><tr><th scope="row">Total</th><td>{{ lang.FormatNumber 0 .total }}</td></tr></tfoot>
</table>
<p>Fuente: {{ .source }}</p>
{{ end }}
<h2>Información cualitativa</h2>
{{ .Content }}
</article>
{{ end }}
""",
    "_default/list.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>
{{ range .RegularPagesRecursive.ByParam "period" }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}</ul>
{{ end }}
""",
    "index.html": """\
{{ define "main" }}
{{ .Content }}
<h2>Informes recientes</h2>
<ul>
{{ $reports := (where .Site.RegularPages "Section" "informes").ByParam "period" }}
{{ range first 12 $reports.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}</ul>
{{ end }}
""",
    # A photo of the narrative: resized to 480, 960 and 1600 px wide, as WebP
    # and JPEG, in a <picture>, as faro publishes it (never upscaled).
    "_default/_markup/render-image.html": """\
{{- $img := .Page.Resources.GetMatch .Destination -}}
{{- if $img -}}
{{- $webp := slice -}}{{- $jpeg := slice -}}{{- $fallback := $img -}}
{{- range slice 480 960 1600 -}}
{{- if le . $img.Width -}}
{{- $w := $img.Resize (printf "%dx webp" .) -}}
{{- $j := $img.Resize (printf "%dx jpg" .) -}}
{{- $webp = $webp | append (printf "%s %dw" $w.RelPermalink .) -}}
{{- $jpeg = $jpeg | append (printf "%s %dw" $j.RelPermalink .) -}}
{{- $fallback = $j -}}
{{- end -}}
{{- end -}}
<figure><picture>
<source type="image/webp" srcset="{{ delimit $webp ", " }}" sizes="(min-width: 60em) 50em, 100vw">
<img src="{{ $fallback.RelPermalink }}" srcset="{{ delimit $jpeg ", " }}" sizes="(min-width: 60em) 50em, 100vw" alt="{{ .Text }}" loading="lazy">
</picture>{{ with .Title }}<figcaption>{{ . }}</figcaption>{{ end }}</figure>
{{- else -}}
<img src="{{ .Destination | safeURL }}" alt="{{ .Text }}">
{{- end -}}
""",
}


def yaml_str(s):
    """A double-quoted YAML scalar."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def grouped(n):
    return f"{n:,}"


def sentence(rng, words):
    text = " ".join(rng.choice(VOCABULARY) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng):
    return " ".join(sentence(rng, rng.randint(12, 24)) for _ in range(rng.randint(3, 5)))


def jpeg_with_comment(data, comment):
    """The JPEG `data` with a COM segment holding `comment` right after SOI."""
    if data[:2] != b"\xff\xd8":
        raise ValueError("not a JPEG file")
    body = comment.encode("utf-8")[:60000]
    segment = b"\xff\xfe" + (len(body) + 2).to_bytes(2, "big") + body
    return data[:2] + segment + data[2:]


class Walk:
    """Each indicator's value, drifting a few percent a month around a level."""

    def __init__(self, rng):
        self.rng = rng
        self.levels = {(t[0], r[0]): r[2] for t in TABLES for r in t[4]}
        self.values = dict(self.levels)

    def step(self):
        for key, value in self.values.items():
            # A random step of up to ±12 %, then a tenth of the way back to
            # the January 2024 level, so that over a century of months no
            # series dies out or runs away.
            moved = value * (1 + self.rng.uniform(-0.12, 0.12))
            moved += (self.levels[key] - moved) / 10
            self.values[key] = max(1, round(moved))
        return dict(self.values)


def report(period, values, rng, paragraphs, photo_names):
    year, month = period
    name = f"{MONTHS[month - 1]} {year}"
    pub_year, pub_month = (year + 1, 1) if month == 12 else (year, month + 1)
    totals = {t[0]: sum(values[(t[0], r[0])] for r in t[4]) for t in TABLES}
    lines = [
        "---",
        f"period: {year:04d}-{month:02d}",
        f"title: {yaml_str('Informe de actividades relevantes — ' + name)}",
        "summary: " + yaml_str(
            f"En {name} el Instituto emitió {grouped(totals['documentos-migratorios'])} documentos "
            f"migratorios y registró el ingreso, la permanencia o el egreso de "
            f"{grouped(totals['control-migratorio'])} personas (datos de ejemplo)."),
        f"date: {pub_year:04d}-{pub_month:02d}-05",
        "sample: true",
        "extra:",
        "  intro: " + yaml_str(f"En {MONTHS[month - 1]} el Instituto Guatemalteco de Migración, "
                               "a través de sus unidades organizativas, brindó los siguientes servicios:"),
        "tables:",
    ]
    for table_id, number, title, unit, rows in TABLES:
        lines += [
            f"  - number: {number}",
            f"    id: {table_id}",
            f"    title: {yaml_str(title)}",
            f"    unit: {yaml_str(unit)}",
            f"    source: {yaml_str(SOURCE)}",
            f"    total: {totals[table_id]}",
            "    rows:",
        ]
        for row_id, label, _ in rows:
            lines.append(f"      - {{ id: {row_id}, label: {yaml_str(label)}, "
                         f"value: {values[(table_id, row_id)]} }}")
    lines.append("---")

    # Paragraphs spread over the sections, photos after the sections' text.
    per_section = [paragraphs // len(SECTIONS)] * len(SECTIONS)
    for i in range(paragraphs % len(SECTIONS)):
        per_section[i] += 1
    photos_left = list(photo_names)
    for i, ((heading, unit), count) in enumerate(zip(SECTIONS, per_section), 1):
        lines += ["", f"## {i:02d}. {heading}", "", f"### {i:02d}.1 {unit}."]
        for _ in range(max(count, 1)):
            lines += ["", paragraph(rng)]
        share = len(photos_left) if i == len(SECTIONS) else -(-len(photo_names) // len(SECTIONS))
        for photo in photos_left[:share]:
            lines += ["", f"![Actividad de la {unit} en {name}]({photo} "
                          f"{yaml_str('Foto: ' + unit + '.')})"]
        photos_left = photos_left[share:]
    return "\n".join(lines) + "\n"


def clear(out):
    """Remove what an earlier run wrote into OUT, and nothing else."""
    for name in ("content", "layouts", "public", "public-hugo", "resources", ".faro-cache"):
        path = os.path.join(out, name)
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path)
    for name in ("site.yaml", "hugo.toml"):
        path = os.path.join(out, name)
        if os.path.isfile(path):
            os.remove(path)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", help="the folder to write the archive into")
    ap.add_argument("--reports", type=int, default=120, help="how many months (default 120)")
    ap.add_argument("--start-year", type=int, default=2014,
                    help="year of the first report, from January (default 2014)")
    ap.add_argument("--paragraphs", type=int, default=12,
                    help="paragraphs of narrative per report (default 12)")
    ap.add_argument("--photos", type=int, default=0, help="photos per report (default 0)")
    ap.add_argument("--photo-dir", help="folder of JPEG files to copy the photos from")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = ap.parse_args()
    if args.reports < 1 or args.paragraphs < 0 or args.photos < 0:
        ap.error("--reports must be at least 1; --paragraphs and --photos not negative")
    sources = []
    if args.photos:
        if not args.photo_dir:
            ap.error("--photos needs --photo-dir")
        sources = sorted(
            os.path.join(args.photo_dir, f) for f in os.listdir(args.photo_dir)
            if f.lower().endswith((".jpg", ".jpeg")))
        if not sources:
            ap.error(f"no .jpg files in {args.photo_dir}")

    rng = random.Random(args.seed)
    out = args.out
    os.makedirs(out, exist_ok=True)
    clear(out)

    write(os.path.join(out, "site.yaml"), "\n".join([
        'title: "Informes de actividades relevantes"',
        'institution: "Instituto Guatemalteco de Migración"',
        'base_url: "https://example.org/informes/"',
        "language: es",
        'description: "Archivo sintético de informes mensuales para medir faro (datos de ejemplo)."',
        "images: { widths: [480, 960, 1600], quality: 80, hashed_names: true }",
        "",
    ]))
    write(os.path.join(out, "content", "_index.md"),
          "---\ntitle: Inicio\n---\n" + paragraph(rng) + "\n")
    write(os.path.join(out, "content", "acerca.md"),
          "---\ntitle: Acerca de\n---\n## Qué contiene\n\n" + paragraph(rng) + "\n")

    walk = Walk(rng)
    photo_count = 0
    source_index = 0
    year, month = args.start_year, 1
    for _ in range(args.reports):
        folder = os.path.join(out, "content", "informes", f"{year:04d}", f"{month:02d}")
        names = []
        for k in range(1, args.photos + 1):
            name = f"foto-{k:02d}.jpg"
            with open(sources[source_index % len(sources)], "rb") as f:
                data = f.read()
            source_index += 1
            os.makedirs(folder, exist_ok=True)
            with open(os.path.join(folder, name), "wb") as f:
                f.write(jpeg_with_comment(data, f"faro bench {year:04d}-{month:02d} {name}"))
            names.append(name)
            photo_count += 1
        write(os.path.join(folder, "index.md"),
              report((year, month), walk.step(), rng, args.paragraphs, names))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)

    write(os.path.join(out, "hugo.toml"), HUGO_CONFIG)
    for rel, text in HUGO_LAYOUTS.items():
        write(os.path.join(out, "layouts", *rel.split("/")), text)

    print(f"{out}: {args.reports} reports from {args.start_year}-01, {photo_count} photos")


if __name__ == "__main__":
    sys.exit(main())
