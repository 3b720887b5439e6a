# en: usage, system and YAML errors in words, and the comments of the web
# server configuration (see src/i18n.rs).

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
server-apache-compressed = The .br copy of a file, when the browser accepts brotli.
server-apache-no-recompress = Compressed once, by faro: not again by mod_deflate or mod_brotli.
server-apache-deflate = gzip, compressed on the fly by mod_deflate, for browsers without brotli and files without a copy.
server-manifest = faro publish's record of what it put here is not part of the site.
server-nginx-header =
    faro: { $url }
    Goes inside the `server {"{"} … {"}"}` block of the host. The `root` (or
    `alias`) of that block must lead to the built site at { $base }: e.g. the
    folder public/ published as <root>{ $base }.
server-nginx-gz = gzip, compressed by nginx on the fly, for browsers without brotli and files without a copy.
server-nginx-cache = Hashed names are kept a year; pages and data are checked each time.
server-nginx-br =
    {".br"} copies: served from the locations below. A folder's address
    comes back here as its index.html (`index`), and is served so too.

## Search: a built page that cannot be read (src/search/mod.rs)

search-cannot-read-page = search: cannot read the built page: { $error }
