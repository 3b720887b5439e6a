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
check-ok = faro check: OK — { $reports } reports, { $pages } pages, { $files } files; content valid, internal links and anchors resolve{ $warned } ({ $ms } ms)
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
