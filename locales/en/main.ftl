# faro's messages in English (--lang en or FARO_LANG=en).
# Every message has its pair in es.ftl; the test i18n::tests checks it.

## Command line: help (--help)

cli-about = faro: a static site generator for public transparency portals.
cli-usage-heading = Usage
cli-options-heading = Options
cli-arguments-heading = Arguments
cli-commands-heading = Commands
cli-help = Print help
cli-version = Print version
cli-arg-lang = Language of messages: es (Spanish) or en (English); also FARO_LANG
cli-build-about = Build the site into public/ (or --output).
cli-build-examples =
    Examples:
      faro build                      builds this folder's site into public/
      faro build -r site -o out       builds site/ into out/
      faro build -D                   includes drafts
cli-check-about = Validate content, internal links and data quality; write nothing.
cli-check-examples =
    Examples:
      faro check                      checks this folder's site
      faro check --format json        the result as JSON, for other tools
cli-new-about = Create a draft report for a month with the latest report's tables, values empty.
cli-new-examples =
    Examples:
      faro new 2024-07                creates content/informes/2024/07/index.md
cli-serve-about = Preview the site: build, serve, rebuild and reload pages on save.
cli-serve-examples =
    Examples:
      faro serve                      preview at http://127.0.0.1:1111/
      faro serve --open               and open it in the browser
      faro serve -p 8080              on another port
cli-init-about = Create a new portal that builds at once.
cli-init-examples =
    Examples:
      faro init portal --institution "National Statistics Institute"
cli-arg-root = The site's folder (with site.yaml and content/) (default: the current folder)
cli-arg-output = Where to write the site; default: ROOT/public
cli-arg-base-url = Override site.yaml's base_url, e.g. https://example.org/portal/
cli-arg-drafts = Include reports and pages marked draft: true
cli-arg-timings = Print how long each step of the build took
cli-arg-force = Build into a non-empty folder faro did not build; its files are kept
cli-arg-strict = Treat warnings as errors: write nothing and exit 1 if there is any
cli-arg-format = text: `path:line:col: message` lines; json: one object on stdout (default: text)
cli-arg-period = The month, as YYYY-MM (e.g. 2024-02)
cli-arg-bind = Address to listen on; anything but loopback shows the preview to the network (default: 127.0.0.1)
cli-arg-port = Port to listen on; if busy, the next free one is used (default: 1111)
cli-arg-open = Open the preview in the browser
cli-arg-no-drafts = Hide drafts (by default the preview shows them, marked)
cli-arg-serve-full = Rebuild the whole site on every save (by default a save to a report or page rebuilds only the pages it changes)
cli-arg-dir = The new portal's folder (must not exist, or be empty)
cli-arg-institution = The institution's name
cli-arg-title = The portal's title (default: "Informes de …" with the institution)
cli-arg-init-base-url = Where it will be published, e.g. https://example.org/reports/

cli-import-about = Import Word (.docx), PDF or text reports as draft reports with their photos.
cli-import-examples =
    Examples:
      faro import report-january-2024.docx       one Word report
      faro import archive/                        every .docx, .pdf and .txt of a folder and its subfolders, in parallel
      faro import archive/ --report import.json   and what happened to each file, as JSON
      faro import report.pdf --period 2024-01     when the document does not say the month
cli-arg-files = The documents to import (.docx, .pdf or .txt), or folders holding them
cli-arg-import-period = The month, when the document does not say it (YYYY-MM)
cli-arg-import-force = Replace a month that already exists (the old file is kept as index.md.bak)
cli-arg-dry-run = Read and check everything, write nothing
cli-arg-keep-original = Copy the imported file into the report's folder, for download
cli-arg-import-report = Write what happened to each document to this JSON file: imported, not imported (why), and the places to review

cli-arg-max-memory = Memory each document's reader may use, in MiB (default 1024): a document that needs more is refused
cli-arg-max-seconds = Seconds each document's reader may take (default 60): a document that takes longer is refused

## faro build

build-done = faro: built { $root } → { $output }: { $summary }
build-failed = faro: { $count ->
        [one] { $count } problem found; nothing was written, { $output } is unchanged
       *[other] { $count } problems found; nothing was written, { $output } is unchanged
    }
build-no-site = { $root } is not a site's folder: it has no site.yaml. Give the site's folder with --root (e.g. faro build --root my-portal) or create a portal with: faro init DIR --institution "…"
build-refused-output = faro: nothing was built; { $output } is unchanged

## faro new

new-created = faro: created { $path }
new-based-on = { "  " }a draft with the tables of the { $period } report, every value empty
new-example = { "  " }a draft with an example table (there was no report to copy)
new-next =
    Next steps:
      1. Open { $path } and type each row's number after "value:".
      2. Preview it as you type with: faro serve   (drafts are shown, marked)
      3. To publish it, delete the line "draft: true" and run: faro build
new-exists = { $path } already exists: faro new never overwrites a report; edit that file instead
new-site-broken = faro new copies the tables of the latest report, so the site must load: correct the problems above first
new-internal = internal error, please report it: { $detail }
new-bad-period-spaces = write the month as YYYY-MM without spaces, e.g. faro new 2024-02
new-bad-period = not a month: write it as YYYY-MM (year with four digits, month 01–12), e.g. faro new 2024-02

## faro init

init-created = faro: created a portal in { $dir }
init-next =
    Next steps:
      cd { $dir }
      faro serve      preview with reload on save
      faro build      builds the site into public/
    The example report is marked "sample: true": replace it with a real report (faro new YYYY-MM or faro import).
init-not-empty = { $dir } exists and is not empty: faro init only creates portals in a new or empty folder, so that nothing is replaced
init-cannot-write = cannot write { $path }: { $error }
init-bad-institution = the institution's name is missing: --institution "Institution name"

## faro serve

serve-open-failed = faro: could not open the browser ({ $error }); open { $url } yourself

## Usage

usage-bad-lang = unknown language "{ $lang }": use es or en

## YAML syntax errors (the header between the --- lines)

yaml-tab = there is a tab in the indentation of line { $line }: use spaces (YAML does not allow tabs); replace the tab with spaces
yaml-unclosed-quote = the quotes opened on line { $line } are never closed: add { $quote } at the end of the value
yaml-missing-space = a space is missing after ":" in "{ $key }:{ $value }": write "{ $key }: { $value }"
yaml-colon-in-value = the value of "{ $key }" contains ":", which YAML reads as another key: put it in quotes, like this: { $key }: { $quoted }
yaml-misindented-item = the "-" item on line { $line } is not aligned with the others of its list: it has { $found } spaces of indentation and the others { $expected }; use the same indentation
yaml-duplicate-key = the key "{ $key }" appears twice (lines { $first } and { $line }): keep only one
yaml-general = the YAML header cannot be read here: { $why }. Check the quotes, the indentation (spaces only) and that a space follows every ":"

## Problems

diag-warning = warning

## Corrections and the original document (a report's front matter)

corrections-not-a-list = `corrections` must be a list: each correction starts with "- date: YYYY-MM-DD"
corrections-not-a-mapping = each correction needs `date` and `note` (and, when it corrects a figure, `indicator` and `previous`)
corrections-date-missing = this correction has no `date`: the day it was corrected, e.g. date: 2024-03-10
corrections-date-invalid = date `{ $date }` is not a date: write it as YYYY-MM-DD, e.g. 2024-03-10
corrections-note-missing = this correction has no `note`: say in a sentence what was corrected
corrections-indicator-unknown = this report has no indicator `{ $id }`: write it as table/row.{ $hint }
corrections-did-you-mean = { " " }Did you mean `{ $id }`?
corrections-known = { " " }This report's indicators: { $ids }.
corrections-previous-invalid = `previous` must be the value published before: a whole number such as 185 or 1,350
corrections-document-not-local = the original document "{ $name }" must be a file beside index.md (no folders, no web addresses)
corrections-document-missing = the original document "{ $name }" is missing: put it beside index.md or correct the name
corrections-unrecorded = the published value of { $indicator } changes from { $old } to { $new } with no correction on record: if the change is right, add to the front matter
    { $yaml }

## Indicator definitions (content/indicadores/)

definitions-bad-place = a definition goes in content/indicadores/TABLE/ROW.md (an indicator) or content/indicadores/TABLE/_index.md (a table), with the ids as the reports use them
definitions-missing = indicator { $id } ("{ $label }") has no definition: write what it counts and how in { $file }
definitions-orphan = no report has the indicator or table "{ $id }": correct the file's or the folder's name

## Licence and contact (site.yaml)

license-unknown = unknown licence "{ $id }": use one of { $known }, or write it out as license: {"{"} name: ID, title: "Name", path: "https://…" {"}"}
license-custom-invalid = a licence written out needs name, title and path (its https://… address)
license-contact-invalid = contact "{ $contact }" is neither an email nor a web address: write e.g. transparency@institution.gov or https://institution.gov/contact

## Data quality (warnings)

quality-far-above = value { $value } of { $id } is more than 5 times the median of its last 12 months ({ $median }, over { $months } months): an extra zero?
quality-far-below = value { $value } of { $id } is under a fifth of the median of its last 12 months ({ $median }, over { $months } months): a missing digit?
quality-renamed = "{ $label }" ({ $id }) is new and close to "{ $old_label }" ({ $old_id }) of { $period }, which is missing: if it is the same indicator, add `id: { $row_id }` to this row so its series is not split
quality-missing = indicator { $id } ("{ $label }") of { $period } is not in this report: was the row renamed or removed?
quality-copied-table = every value of table "{ $title }" equals { $period }'s: was the table copied and not updated?
quality-decomposed = "{ $text }" has decomposed accents (text pasted from a PDF): type it again as "{ $fixed }"
quality-invisible = "{ $text }" contains an invisible character ({ $code }): delete it and type the text again

# ---- First hour (issue 24 items 6-7): faro init ----
init-bad-title = the title is empty: give the portal's title in quotes, --title "Informes del Instituto …", or leave --title out to have one made from the institution's name
