# en: messages of the build area (see src/i18n.rs).

## faro check: broken links and the result line

check-link-anchor-not-on-page = link `{ $href }` points to an anchor that is not on this page (no element has id="{ $id }")
check-link-anchor-missing = link `{ $href }` points to an anchor that { $target } does not have (no element has id="{ $id }")
check-file-missing = `{ $href }` refers to a file that the site does not have ({ $target })
check-link-page-missing = link `{ $href }` points to a page that does not exist ({ $target })
check-link-from-templates = { $message } — in the rendered page, from the theme's templates{ $also }
check-link-also-on = ; also on { $page }
check-link-also-on-more = ; also on { $page } and { $count ->
        [one] 1 other page
       *[other] { $count } other pages
    }
check-ok = faro check: OK — { $reports ->
        [one] 1 report
       *[other] { $reports } reports
    }, { $pages ->
        [one] 1 page
       *[other] { $pages } pages
    }, { $files ->
        [one] 1 file
       *[other] { $files } files
    }; content valid, internal links and anchors resolve{ $warned } ({ $ms } ms)
check-ok-warnings = ; { $count ->
        [one] 1 warning
       *[other] { $count } warnings
    } above (--strict makes warnings errors)
check-failed = faro check: { $count ->
        [one] 1 problem
       *[other] { $count } problems
    }{ $warnings ->
        [0] {""}
        [one] , 1 of them warning
       *[other] , { $warnings } of them warnings
    } found (nothing was written)

## faro build

build-summary = { $reports ->
        [one] 1 report
       *[other] { $reports } reports
    }, { $pages ->
        [one] 1 page
       *[other] { $pages } pages
    }, { $files ->
        [one] 1 file
       *[other] { $files } files
    }, { $photos ->
        [one] 1 photo
       *[other] { $photos } photos
    } ({ $cached } cached) in { $ms } ms
build-strict-suffix = {" "}(an error because of --strict)
build-waiting-for-lock = faro: another build of { $output } is running, waiting…
build-kept-foreign-file = faro: warning: a file faro did not write was at a path the site uses; it is kept in { $kept }
build-warnings-summary = faro: { $count ->
        [one] 1 warning
       *[other] { $count } warnings
    }; the site was built anyway (--strict makes warnings errors)

## The output folder (src/write.rs)

write-open-site = cannot open the site folder: { $error }
write-resolve-output = cannot resolve the output folder: { $error }
write-output-is-site = the output folder is the site folder itself ({ $root }): a build replaces its output folder whole, site.yaml and content/ included; choose a folder of its own, such as public/ inside the site folder (the default)
write-output-contains-site = the output folder ({ $output }) contains the site folder ({ $root }): a build replaces its output folder whole; choose a folder of its own, such as public/ inside the site folder (the default)
write-output-inside-sources = the output folder ({ $output }) is inside the site's { $source }/ folder: a build replaces its output folder whole, and would replace those files; choose a folder of its own, such as public/ inside the site folder (the default)
write-output-is-file = the output ({ $output }) is a file, not a folder; choose a folder of its own, such as public/ inside the site folder (the default)
write-broken-link = { $path } is a broken symbolic link ({ $error })
write-foreign-folder = this folder is not empty and faro did not build it (there is no { $manifest } beside it), and faro never deletes files it did not write. Build into a new or empty folder with --output, or run `faro build --force` to take this one over: its files then stay published with the site, and a file at a path the site also uses is moved aside into { $kept }
write-create-parent = cannot create the output's parent folder: { $error }
write-lock-output = cannot lock the output: { $error }
write-create-staging = cannot create the staging folder: { $error }
write-create-folder = cannot create folder: { $error }
write-keep-aside = cannot keep aside: { $error }
write-move-previous = cannot move the previous site aside: { $error }
write-move-new = cannot move the new site into place: { $error }
write-cannot-write = cannot write: { $error }
write-cannot-copy = cannot copy: { $error }

## Photos (src/photos/)

photo-progress = photos
photo-cache-waiting = faro: another faro is using the photo cache, waiting…
photo-cache-create = cannot create the photo cache: { $error }
photo-cache-lock = cannot lock the photo cache: { $error }
photo-cache-not-folder = the photo cache ({ $cache }) or a folder on its way is not a folder but a link or a file: faro never writes through links. Delete it (faro makes the cache again; only time is lost) and build again
share-picture-failed = the share picture of this page could not be drawn ({ $error }); this is a bug in faro, not in the content: tell whoever maintains the site
photo-same-output = photo "{ $name }" would be written to the same place as { $other } ({ $output }): rename one of them
photo-missing = photo "{ $name }" not found (looked for { $path }): check the file name
photo-unreadable = photo "{ $name }" cannot be read: { $error }
photo-unsupported = photo "{ $name }" is { $what }, which is not supported: use JPEG, PNG or WebP
photo-too-large = photo "{ $name }" is { $width }×{ $height } pixels ({ $megapixels } megapixels), above the limit of { $limit } megapixels: scale it down, or raise images.max_megapixels in site.yaml
photo-corrupt = photo "{ $name }" is corrupt or truncated ({ $why }): replace the file
photo-encode = photo "{ $name }" cannot be converted: { $why }
photo-write = photo "{ $name }": cannot write { $path }: { $error }
photo-kind-unknown = not an image in a known format
photo-kind-format = a { $format } image
photo-kind-variant = in a variant this program cannot read ({ $detail })
photo-why-no-pixels = the image has no pixels
photo-why-jpeg-truncated = the JPEG data ends before the image does
photo-why-memory = it needs more memory than its size allows: { $detail }

## faro new: what main.ftl does not cover (src/scaffold.rs)

new-cannot-create = cannot create: { $error }
new-scratch-create = cannot create a scratch folder: { $error }
new-scratch-write = cannot write to the scratch folder: { $error }

## faro build --timings: the steps

build-step-prepare = output folder
build-step-load = load
build-step-photos = photos
build-step-derive = derive
build-step-render = render
build-step-publish = publish
build-step-search = search
build-step-search-reused = search (index reused)
build-step-search-recent = search (recent part only)
build-step-search-archive = search (archive part only)

# Compressed copies (src/compress.rs)
compress-cannot-read = cannot read this file to compress it: { $error }
build-step-compress = compress

# An original document that load found but that cannot be read now
# (removed or locked since).
build-cannot-read-document = cannot read the original document { $name }: { $error }. Check that the file is still beside the report and can be opened, then build again.
# The search index (Pagefind) could not be made.
search-cannot-start = search: cannot start the indexer: { $error }
search-failed = search: Pagefind could not index the site: { $error }. Build again; if it happens again, tell whoever maintains faro.

# ---- Symbolic links inside the output (src/write/nofollow.rs) ----
write-link-refused = { $path } is a symbolic link faro did not make: faro never writes or deletes through one. Remove it (or put a real folder in its place) and try again
write-file-in-the-way = { $path } is a file where a folder is needed
# ---- end of symbolic links ----
