# en: messages of the import area (see src/i18n.rs).

## faro import: the terminal

import-not-a-site = faro import: { $root } is not a faro site (site.yaml does not load)
import-site-does-not-load = faro import: the site's reports must load first (import reuses their ids): correct the problems above
import-progress = importing
import-refused = faro import: { $file } was not imported: { $why }
import-summary = faro import: { $ok } imported, { $refused } not imported, { $review ->
        [one] 1 place needs review
       *[other] { $review } places need review
    }
import-summary-dry-run = {" "}(dry run: nothing was written)
import-next = {"  "}next: review the drafts with `faro serve` (or `faro build --drafts`), then remove `draft: true` to publish
import-verb-wrote = wrote
import-verb-would-write = would write
import-imported = faro import: { $file } → { $verb } { $path } ({ $tables ->
        [one] { $tables } table
       *[other] { $tables } tables
    }, { $photos ->
        [one] { $photos } photo
       *[other] { $photos } photos
    })
import-backup-kept = the previous report was kept as { $backup }
import-captions-without-image = { $count ->
        [one] { $count } photo caption has no image in this file: put the photo beside index.md and add it
       *[other] { $count } photo captions have no image in this file: put the photos beside index.md and add them
    }
import-repeated-images = { $count ->
        [one] { $count } repeated image (logo, letterhead) was left out
       *[other] { $count } repeated images (logo, letterhead) were left out
    }
import-ids-created = { $count ->
        [one] { $count } id created (the site had no report to take ids from)
       *[other] { $count } ids created (the site had no report to take ids from)
    }
import-new-ids = new ids (not in earlier reports; a renamed row would split an indicator in two): { $ids }
import-places-to-review = { $count ->
        [one] { $count } place needs review: the one above, marked REVISAR in the file
       *[other] { $count } places need review: the ones above, marked REVISAR in the file
    }

## faro import: why a file was not imported

import-unreadable = cannot read: { $error }
import-file-too-large = the file weighs { $bytes } bytes, more than the { $mb } MB faro imports: split the document
import-no-detail = no detail
import-reader-failed = the { $kind } reader failed on this file ({ $why }): it may be damaged or use an unusual font; try exporting it again, or import the Word file
import-no-tables = not a report: no tables were found (a report has at least one table of counts)
import-no-period = not a report: its month was not found (no title line like `— ENERO, 2024 —` nor a closing line ending in `enero 2024.`): give it with --period YYYY-MM
import-txt-not-utf8 = the text file is not UTF-8: save it as UTF-8 text
import-old-doc = an old Word .doc: open it in Word and save it as .docx, then import that
import-unknown-kind = faro imports .docx, .pdf and .txt files
import-internal-does-not-load = internal error, please report it: the imported report does not load:
    { $problems }
import-internal-reads-differently = internal error, please report it: the imported report reads back differently from the document
import-month-twice = { $period } is also imported from { $other } in this run: import one file per month
import-docx-encrypted = the file is password-protected (encrypted) or an old .doc: open it in Word, remove the password or save it as .docx, and import that
import-docx-unreadable = not a readable .docx (corrupt or not a Word file): { $error }
import-docx-too-many-images = the document has { $count } images, more than the { $max } faro imports: split it
import-docx-no-document = not a Word document: word/document.xml is missing (corrupt or not a .docx)
import-docx-images-too-large = the document's images unpack to more than { $mb } MB: split it
import-docx-part-not-utf8 = { $name } is not UTF-8: the .docx is corrupt
import-docx-part-unreadable = cannot read { $name } in the .docx: { $error }
import-docx-part-corrupt = cannot read { $name } in the .docx (corrupt): { $error }
import-docx-part-too-large = { $name } unpacks to more than { $mb } MB
import-docx-rels-corrupt = the .docx's relationships are corrupt: { $error }
import-docx-xml-corrupt = word/document.xml is corrupt: { $error }
import-pdf-encrypted = the PDF is encrypted (password-protected): export it again without a password, or import the Word file
import-pdf-unreadable = not a readable PDF (corrupt or not a PDF): { $error }
import-pdf-text-unreadable = cannot read the PDF's text: { $error }
import-pdf-too-many-images = the PDF has more than { $max } images: split it
import-place-link = { $path } is a symbolic link: faro import writes only into real folders of the site
import-place-not-folder = { $path } is a file, not a folder
import-place-create-failed = cannot create { $path }: { $error }
import-place-read-failed = cannot read { $path }: { $error }
import-place-exists = { $path } already exists: use --force to replace it (the old file is kept as index.md.bak)
import-place-backup-failed = cannot keep the old report as { $path }: { $error }
import-place-write-failed = cannot write { $path }: { $error }

## faro import: places to review (the `revisar:` lines and REVISAR comments)

import-period-differs = --period { $given } was used; the document says { $found }
import-docx-image-left-out = image { $image } was left out: faro imports JPEG and PNG; insert it in Word as one of those
import-docx-image-missing = { $target } (missing from the file)
import-image-unsupported = unsupported image: { $error }
import-image-png-failed = cannot encode as PNG: { $error }
import-pdf-image-left-out = an image was left out: { $why }
import-pdf-image-encoding = an image encoding faro cannot convert
import-pdf-image-too-large = an image of { $width }×{ $height } pixels, too large
import-pdf-image-damaged = a damaged image: { $error }
import-pdf-image-size-mismatch = an image whose size does not match its data
import-caption-alone = caption "{ $caption }" has no table after it
import-caption-alone-numbered = caption "{ $caption }" has no table after it (Cuadro { $number })
import-table-numbered = Cuadro { $number }
import-table-titled = table "{ $title }"
import-table-unnamed = a table
import-table-no-rows = { $table } has no readable rows: it was kept with one empty row; type its rows
import-table-no-header = { $table } has no header row: its title was taken from the caption
import-row-no-label = { $table }: a row has no label; it was named "(sin etiqueta)"
import-empty-cell = an empty cell
import-no-number = no number
import-total-differs = the Total row says { $total }, the rows add up to { $sum }
import-total-not-a-number = the Total row holds { $found }
import-caption-sum-differs = { $table }: the caption says { $said }, the rows add up to { $sum }: check the caption and the values
import-review-value = the document has { $found } here; type the number

## faro import: exact PDF reading, points to review, folders (issue 27)

import-table-no-rows-found = no row was found
import-review-alt = the photo has no caption to make its alt text from; describe it
import-review-point = { $file }:{ $line }: { $what }
import-same-month = faro import: { $file } was not imported: its month was imported from { $other }
import-table-head-file = file
import-table-head-result = result
import-table-head-review = to review
import-result-imported = imported
import-result-refused = not imported: { $why }
import-result-same-month = same month as { $other }
import-report-not-written = faro import: cannot write the report { $path }: { $error }

## faro import: the fence around reading (src/import/worker.rs): each
## document is read in a process of its own with memory and time limits

import-worker-memory = the document went over the memory limit of { $limit } while being read: it may be damaged or made to exhaust memory (if it is a real report, raise the limit with --max-memory)
import-worker-time = reading the document did not finish in { $seconds } s, the time limit: it may be damaged or made never to finish (if it is a real report, raise the limit with --max-seconds)
import-worker-too-deep = the document is nested so deep that its reader ran out of stack: it may be damaged or made to do that
import-worker-crashed = the { $kind } reader stopped on this file ({ $why }): it may be damaged; export it again, or import the Word file
import-worker-signal = signal { $signal }
import-worker-exit-code = exit code { $code }
import-worker-reply-too-large = what was read from the document is over { $limit }
import-worker-no-reply = the reader's answer could not be read ({ $error })
import-worker-start-failed = cannot start the process that reads the document ({ $error })
import-worker-no-exe = faro import: cannot find the faro program to read the documents ({ $error })
import-not-a-file = { $kind ->
        [folder] is a folder with no .docx, .pdf or .txt document in it
        [device] is a device, not a file: faro imports only regular files
        [fifo] is a named pipe (FIFO), not a file: faro imports only regular files
        [socket] is a socket, not a file: faro imports only regular files
       *[other] is not a regular file: faro imports only regular files
    }
import-file-changed = the file changed while it was being opened: try again
import-pdf-tree-loops = the PDF's page tree repeats itself: the file is damaged or made never to finish
import-pdf-tree-too-deep = the PDF's page tree has more than { $max } levels
import-pdf-parent-loops = a page of the PDF is its own parent (/Parent): the file is damaged or made never to finish
import-pdf-too-many-pages = the PDF has more than { $max } pages: split it
import-pdf-stream-inflates = a compressed part of the PDF inflates to more than { $mb } MiB: the file is damaged or made to exhaust memory
import-pdf-document-inflates = the PDF's compressed parts inflate to more than { $mb } MiB in all
import-pdf-form-draws-itself = a form (Form XObject) of the PDF draws itself: the file is damaged or made never to finish
import-pdf-forms-too-deep = the PDF nests forms (Form XObjects) more than { $max } levels deep
import-pdf-draws-too-much = the PDF's pages draw more than { $mb } MiB of content (forms repeated inside forms): the file is made to exhaust the reader
