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
      faro import archive/*.pdf                   every PDF of a folder, in parallel
      faro import report.pdf --period 2024-01     when the document does not say the month
cli-arg-files = The documents to import (.docx, .pdf or .txt)
cli-arg-import-period = The month, when the document does not say it (YYYY-MM)
cli-arg-import-force = Replace a month that already exists (the old file is kept as index.md.bak)
cli-arg-dry-run = Read and check everything, write nothing
cli-arg-keep-original = Copy the imported file into the report's folder, for download

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

## ---- Everything in the user's language (issue 24, item 5): usage, system and YAML errors ----

## Command line: usage errors (src/cli.rs), instead of clap's

cli-usage-options = [OPTIONS]
cli-command-value = COMMAND
cli-value-root = ROOT
cli-value-output = OUTPUT
cli-value-base-url = URL
cli-value-period = YYYY-MM
cli-value-files = FILE
cli-value-dir = DIR
cli-value-institution = INSTITUTION
cli-value-title = TITLE
cli-value-bind = IP
cli-value-port = PORT
cli-value-format = text|json
cli-quoted = '{ $text }'
cli-more-info = For more information: { $command } --help
cli-tip-did-you-mean = { $count ->
        [one] Did you mean { $names }?
       *[other] Did you mean one of these? { $names }
    }
cli-tip-dash-dash = to pass '{ $arg }' as a value rather than an option, write -- { $arg }
cli-tip-valid-values = possible values: { $values }
cli-error-unknown-subcommand = '{ $name }' is not a faro command
cli-error-unknown-option = there is no option '{ $arg }' here
cli-error-extra-argument = '{ $arg }' is one argument too many: this command does not take it
cli-error-missing = { $count ->
        [one] a required argument is missing: { $args }
       *[other] required arguments are missing: { $args }
    }
cli-error-missing-subcommand = the command is missing: write one of { $names }
cli-error-missing-value = { $arg } needs a value
cli-error-invalid-value = '{ $value }' is not a valid value for { $arg }
cli-error-value-refused = '{ $value }' is not a valid value for { $arg }: { $why }
cli-error-not-a-number = write a whole number
cli-error-number-too-large = the number is too large
cli-error-out-of-range = write a number from { $min } to { $max }
cli-error-not-accepted = not accepted
cli-error-too-many-values = { $arg } does not take the value '{ $value }'
cli-error-too-few-values = { $arg } needs more values
cli-error-conflict = { $arg } cannot be used together with { $other }
cli-error-no-equals = write the value of { $arg } with '=', like this: { $arg }=VALUE
cli-error-utf8 = an argument is not valid text (UTF-8)
cli-error-other = the command line is not valid

## Operating-system errors (i18n::io_error): what happened, in words

io-not-found = it does not exist
io-permission-denied = permission denied: check the permissions of the file or folder
io-already-exists = it already exists
io-is-a-directory = it is a folder, not a file
io-not-a-directory = a part of the path is a file, not a folder
io-directory-not-empty = the folder is not empty
io-storage-full = the disk is full: free some space and try again
io-quota = the disk space allotted is used up: free some space and try again
io-read-only = the disk or folder is read-only
io-file-too-large = the file is too large for this disk
io-name-too-long = the name or path is too long
io-too-many-links = the file has too many links
io-loop = symbolic links lead to each other in a circle, or too many are chained
io-too-many-open = too many files are open at once: close other programs and try again
io-crosses-devices = cannot move from one disk to another
io-busy = another program is using it
io-device = the disk could not read or write (it may be damaged or disconnected)
io-invalid-data = the content is not valid (e.g. not UTF-8 text)
io-invalid-input = the name or value is not valid
io-unexpected-eof = the file ends too early: it is incomplete
io-write-zero = nothing could be written
io-timed-out = it took too long
io-interrupted = it was interrupted
io-out-of-memory = there is not enough memory
io-unsupported = this system does not allow it
io-addr-in-use = the address is already in use: another program listens on that port
io-addr-not-available = this computer does not have that address
io-connection-refused = the connection was refused
io-connection-closed = the connection was closed
io-network = the network cannot be reached
io-would-block = it is not ready yet
io-stale-network = the network file is no longer available
io-other = system error
io-other-code = system error number { $code }

## YAML syntax errors: what the reader found, in words (src/yamlerror.rs)

yaml-why-key = a line does not start with a key where it should: check the indentation of this line and the one before
yaml-why-item = another "- " item of the list should follow here: check the indentation
yaml-why-colon = there is a ":" where a key cannot start: if it is part of the text, put the value in quotes; if it is a key, check its indentation
yaml-why-dash = there is a "- " list item where one cannot go: check the indentation, or put the value in quotes
yaml-why-no-colon = a key lacks its ":"
yaml-why-start-char = a value starts with a character YAML reserves (such as @, `, % or -): put the value in quotes
yaml-why-bracket = a list opened with "[" is not closed with "]", or a comma is missing between its items
yaml-why-brace = a group opened with "{"{"}" is not closed with "{"}"}", or a comma is missing between its keys
yaml-why-no-value = a value is missing
yaml-why-quote = an opening quote is never closed
yaml-why-escape = in double quotes, a backslash "\" makes a sequence YAML does not know: use single quotes, or write "\\"
yaml-why-tab = there is a tab where YAML allows only spaces
yaml-why-alias = an alias "*name" refers to an anchor "&name" not defined before it: if it is text, put the value in quotes
yaml-why-anchor = two anchors "&name" have the same name
yaml-why-anchor-name = a name must follow "&" or "*": if it is text, put the value in quotes
yaml-why-tag = a "!" tag faro does not use: if it is text, put the value in quotes
yaml-why-document = a YAML document mark ("---", "..." or a line starting with "%") where none can go
yaml-why-block = a multi-line text ("|" or ">") is badly written: put it on the following lines, indented more than its key
yaml-why-indent = the indentation of this line does not match the lines before
yaml-why-encoding = there is a control character or bytes that are not UTF-8 text: delete the invisible character or save the file as UTF-8
yaml-why-too-deep = the header nests too many levels
yaml-why-comment = a comment's "#" must follow a space
yaml-why-space = a space must follow "-" and ":"
yaml-why-after-quote = there is text after the quote that closes a value: put the whole value in the quotes
yaml-why-incomplete = the header ends too early
yaml-why-unknown = something does not follow YAML's rules

## site.yaml: values not of the expected form (src/yamlerror.rs)

config-missing-key = the key "{ $key }" is missing
config-wrong-type = the value of "{ $key }" does not have the form it should (text, number, list or group of keys): check how it is written
config-wrong-type-top = site.yaml must be a group of keys, like "title: …"
config-unknown-variant = "{ $value }" is not a possible value of "{ $key }": use { $values }
config-wrong-value = the value of "{ $key }" is not valid: check how it is written

## The web server's configuration: its comments (src/publish/server.rs)

server-apache-header =
    Written by faro build for { $url }; replaced at every build.
    Needs AllowOverride FileInfo Indexes (or All) for this folder.
server-apache-compressed = The .br or .gz copy of a file, when the browser accepts it.
server-apache-no-recompress = Compressed once, by faro: not again by mod_deflate or mod_brotli.
server-manifest = faro publish's record of what it put here is not part of the site.
server-nginx-header =
    faro: { $url }
    Goes inside the `server {"{"} … {"}"}` block of the host. The `root` (or
    `alias`) of that block must lead to the built site at { $base }: e.g. the
    folder public/ published as <root>{ $base }.
server-nginx-gz = .gz copies, by nginx itself.
server-nginx-cache = Hashed names are kept a year; pages and data are checked each time.
server-nginx-br =
    {".br"} copies: served from the locations below. A folder's address
    comes back here as its index.html (`index`), and is served so too.

## Search: a built page that cannot be read (src/search/mod.rs)

search-cannot-read-page = search: cannot read the built page: { $error }
