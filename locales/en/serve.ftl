# en: messages of the serve area (see src/i18n.rs).

## faro serve: the terminal

serve-bind-invalid = `{ $text }` is not an IP address (e.g. 127.0.0.1 or ::1)
serve-root-not-folder = { $root } is not a folder: give the site's folder with --root
serve-address-unreadable = cannot read the listening address: { $error }
serve-visible-on-network = faro: warning: listening on { $ip }: the preview (drafts included) is visible to anyone who can reach this computer on the network
serve-create-failed = cannot create { $path }: { $error }
serve-open-failed-folder = cannot open { $path }: { $error }
serve-thread-failed = cannot start the server: { $error }
serve-building = faro: building { $root } for the preview…
serve-serving = faro: serving { $root } at { $url } (Ctrl-C to stop)
serve-stopped-watching = stopped watching for changes
serve-output-is-link = { $path } is a symbolic link: the preview is built in and served from { $output }, and never through a link, which could expose or overwrite files elsewhere. Remove the link (it is not faro's) and run faro serve again
serve-output-not-folder = { $path } is not a folder: the preview is built in { $output }. Move it away and run faro serve again
serve-connection-failed = faro: cannot answer a connection: { $error }
serve-port-moved = faro: port { $port } is in use; using { $candidate } instead
serve-listen-failed = cannot listen on { $address }: { $error }
serve-port-busy = port { $port } is in use on { $ip }; choose another with --port
serve-ports-busy = ports { $first }–{ $last } are all in use on { $ip }; choose another with --port
serve-rebuilt = faro: rebuilt ({ $changes }): { $summary }
serve-built = faro: built { $summary }
serve-build-failed = faro: build failed ({ $count ->
        [one] { $count } problem
       *[other] { $count } problems
    }); still serving the last good site
serve-change-more = { $count } more
serve-watch-failed = cannot watch { $root } for changes: { $error }
serve-watch-path-failed = faro: warning: cannot watch { $path }: { $error }
serve-watch-error = faro: warning: watching for changes: { $error }

## faro serve: answers a browser shows

serve-http-method-not-allowed = method not allowed
serve-http-bad-request = bad request
serve-http-moved = moved
serve-http-forbidden = forbidden
serve-http-not-found = not found
serve-http-unreadable = cannot read the file
serve-http-range = range not satisfiable
serve-http-misdirected = misdirected request: this is faro's preview, which answers only to http://127.0.0.1:{ $port }/ or http://localhost:{ $port }/, and the request named host `{ $host }`
serve-http-misdirected-no-host = misdirected request: this is faro's preview, which answers only to http://127.0.0.1:{ $port }/ or http://localhost:{ $port }/, and the request named no host
serve-http-too-large = request header fields too large: at most { $bytes } bytes and { $headers } headers
serve-http-malformed = bad request: not an HTTP/1.1 request
serve-http-timeout = request timeout
serve-404-title = Not found
serve-404-text = faro serve has no page here (yet).

## faro serve: the preview's overlay

serve-overlay-errors-title = faro: the site could not be rebuilt ({ $count ->
        [one] { $count } problem
       *[other] { $count } problems
    })
serve-overlay-errors-note = The page below is the last good build. Fix the file and save: this message goes away by itself, and the page reloads if the fix changed it.
serve-overlay-warnings-title = faro: the site was built, with { $count ->
        [one] { $count } warning
       *[other] { $count } warnings
    }
serve-overlay-warnings-note = Worth a look; the page is up to date. Fix the file and save to see them go.
serve-overlay-hide = Hide

# ---- First hour (issue 24 items 6-7): each warning printed once ----
serve-warnings-repeated = faro: { $count ->
    [one] 1 warning as before, not repeated here (the page's overlay lists it)
   *[other] { $count } warnings as before, not repeated here (the page's overlay lists them)
}
