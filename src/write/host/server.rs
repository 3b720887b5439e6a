//! The web server's configuration for a built site: Apache's `.htaccess`
//! (written into the output by `faro build`) and an nginx `location`
//! block (printed by `faro publish --print-config nginx`).
//!
//! Both say the same things: send the `.br` copy of a file when the
//! browser accepts it (`compress`), with the file's own `Content-Type`,
//! `Content-Encoding` and `Vary: Accept-Encoding`; compress the text files
//! on the fly in gzip for the browsers that do not take `br` (plain HTTP,
//! old clients) and for the files without a copy (standalone `.svg`
//! charts: `compress` explains why); let browsers keep the
//! files whose name carries a hash of their content for a year
//! (`render::assets`, hashed photo names) and make them ask again for
//! everything else (pages and data change at stable addresses); answer a
//! missing page with the site's `404.html`; and give `.csv`, `.json`,
//! `.svg`, `.webp` and `.xml` their right types. All of it under the path
//! of `base_url`, since a site is often one folder of the host.
//!
//! Pure text from the site's address: the nginx block is tested against a
//! real nginx in `tests/publish_nginx.rs`.

use crate::load::config::Config;
use crate::support::i18n::Lang;

/// Which server a configuration is for (`--print-config apache|nginx`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Server {
    Apache,
    Nginx,
}

/// File names whose content never changes at that name: hashed styles,
/// scripts and fonts (`style.3f9a1c0b.css`) and hashed photo names
/// (`009073f42b8f7b1f-480.webp`). A PCRE, as both servers read it.
const IMMUTABLE: &str =
    r"(\.[0-9a-f]{8}\.(css|js|mjs|woff2|woff|ttf|otf)|/[0-9a-f]{16}-[0-9]+\.(webp|jpg))";

/// Kept for a year and never asked again: the name changes with the content.
const CACHE_IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Kept, but checked with the server before each use (a cheap 304 when unchanged).
const CACHE_REVALIDATE: &str = "no-cache";

/// The text types that have compressed copies, with their `Content-Type`.
const TEXT_TYPES: [(&str, &str); 9] = [
    ("html", "text/html"),
    ("css", "text/css"),
    ("js", "text/javascript"),
    ("mjs", "text/javascript"),
    ("svg", "image/svg+xml"),
    ("json", "application/json"),
    ("csv", "text/csv"),
    ("xml", "application/xml"),
    ("txt", "text/plain"),
];

/// Other types a site publishes (photos, fonts, originals, the search
/// index's WebAssembly), for nginx, whose `types` block replaces its defaults.
const OTHER_TYPES: [(&str, &str); 15] = [
    ("webp", "image/webp"),
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
    ("png", "image/png"),
    ("gif", "image/gif"),
    ("ico", "image/x-icon"),
    ("woff2", "font/woff2"),
    ("woff", "font/woff"),
    ("ttf", "font/ttf"),
    ("otf", "font/otf"),
    ("wasm", "application/wasm"),
    ("pdf", "application/pdf"),
    (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ("odt", "application/vnd.oasis.opendocument.text"),
    (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
];

/// The media type of a file by its extension (any case), as both server
/// configurations send it, and the preview (`serve::http::content_type`):
/// with `true` for a text type, sent with `charset=utf-8`. `None` for a
/// type a site does not publish.
pub fn media_type(ext: &str) -> Option<(&'static str, bool)> {
    let of = |types: &[(&str, &'static str)]| {
        types
            .iter()
            .find(|(e, _)| e.eq_ignore_ascii_case(ext))
            .map(|(_, kind)| *kind)
    };
    of(&TEXT_TYPES)
        .map(|kind| (kind, true))
        .or_else(|| of(&OTHER_TYPES).map(|kind| (kind, false)))
}

/// The configuration for `server`, for the site at `config.base_url`.
pub fn config_text(server: Server, config: &Config) -> String {
    match server {
        Server::Apache => htaccess(config, crate::support::i18n::lang()),
        Server::Nginx => nginx(config, crate::support::i18n::lang()),
    }
}

/// Apache's `.htaccess`, for the output's top folder: mod_mime, mod_rewrite,
/// mod_deflate (with mod_filter) and mod_headers, each used only where
/// loaded (`<IfModule>`).
pub fn htaccess(config: &Config, lang: Lang) -> String {
    let base = config.base_path();
    let text_ext = TEXT_TYPES.map(|(e, _)| e).join("|");
    let text_kinds = text_kinds().join(" ");
    let mut out = comment(
        "",
        &crate::t_in!(lang, "server-apache-header", url = config.base_url.as_str()),
    );
    out.push_str(&format!(
        "DirectoryIndex index.html\n\
         ErrorDocument 404 {base}404.html\n\n"
    ));
    out.push_str("<IfModule mod_mime.c>\n");
    for (ext, kind) in TEXT_TYPES.iter().chain(OTHER_TYPES.iter()) {
        out.push_str(&format!("  AddType {kind} .{ext}\n"));
    }
    out.push_str(&format!(
        "  AddCharset utf-8 .{}\n",
        TEXT_TYPES.map(|(e, _)| e).join(" .")
    ));
    // `x.css.br`: type from `.css`, encoding from `.br` (mod_mime reads
    // every extension of a name; `RemoveType` keeps the server's own
    // `.gz` → application/gzip from taking over the type).
    out.push_str(
        "  RemoveType .br .gz\n  AddEncoding br .br\n  AddEncoding gzip .gz\n</IfModule>\n\n",
    );
    out.push_str(&comment(
        "",
        &crate::t_in!(lang, "server-apache-compressed"),
    ));
    out.push_str(&format!(
        "<IfModule mod_rewrite.c>\n\
         \x20 RewriteEngine On\n\
         \x20 RewriteBase {base}\n\
         {manifest}\
         \x20 RewriteRule ^{record}$ - [R=404,L]\n",
        manifest = comment("  ", &crate::t_in!(lang, "server-manifest")),
        record = super::MANIFEST.replace('.', "\\."),
    ));
    out.push_str(
        "  RewriteCond %{HTTP:Accept-Encoding} \\bbr\\b\n\
         \x20 RewriteCond %{REQUEST_FILENAME}.br -f\n",
    );
    out.push_str(&format!("  RewriteRule ^(.+\\.({text_ext}))$ $1.br [L]\n"));
    out.push_str(
        "  RewriteCond %{HTTP:Accept-Encoding} \\bbr\\b\n\
         \x20 RewriteCond %{REQUEST_FILENAME}/index.html.br -f\n\
         \x20 RewriteRule ^(.*/)?$ $1index.html.br [L]\n",
    );
    out.push_str("</IfModule>\n\n");
    out.push_str(&comment("", &crate::t_in!(lang, "server-apache-deflate")));
    out.push_str(&format!(
        "<IfModule mod_deflate.c>\n\
         \x20 <IfModule mod_filter.c>\n\
         \x20   AddOutputFilterByType DEFLATE text/html {text_kinds}\n\
         \x20 </IfModule>\n\
         </IfModule>\n\n"
    ));
    out.push_str(&comment(
        "",
        &crate::t_in!(lang, "server-apache-no-recompress"),
    ));
    out.push_str(&format!(
        "<FilesMatch \"\\.(br|gz)$\">\n\
         \x20 SetEnv no-gzip 1\n\
         \x20 SetEnv no-brotli 1\n\
         </FilesMatch>\n\n\
         <IfModule mod_headers.c>\n\
         \x20 Header set Cache-Control \"{CACHE_REVALIDATE}\"\n\
         \x20 <FilesMatch \"\\.({text_ext})(\\.br|\\.gz)?$\">\n\
         \x20   Header merge Vary Accept-Encoding\n\
         \x20 </FilesMatch>\n\
         </IfModule>\n\
         <IfModule mod_headers.c>\n\
         \x20 <If \"%{{REQUEST_URI}} =~ m#{IMMUTABLE}(\\.br|\\.gz)?$#\">\n\
         \x20   Header set Cache-Control \"{CACHE_IMMUTABLE}\"\n\
         \x20 </If>\n\
         </IfModule>\n"
    ));
    out
}

/// An nginx `location` block for the `server { … }` that serves the host.
/// It uses only what Debian's nginx has built in: `gzip` for the browsers
/// without brotli and the files without a copy; the `.br` copies are chosen
/// with `if` and `rewrite`, and sent from inner locations that give each the
/// type of the file it compresses (and do not compress it again).
pub fn nginx(config: &Config, lang: Lang) -> String {
    let base = config.base_path();
    let mut out = comment(
        "",
        &crate::t_in!(
            lang,
            "server-nginx-header",
            url = config.base_url.as_str(),
            base = base.as_str()
        ),
    );
    out.push_str(&format!(
        "location {base} {{\n\
         \x20   index index.html;\n\
         \x20   error_page 404 {base}404.html;\n\
         {manifest}\
         \x20   location ~ \"/{record}$\" {{\n\
         \x20       return 404;\n\
         \x20   }}\n",
        manifest = comment("    ", &crate::t_in!(lang, "server-manifest")),
        record = super::MANIFEST.replace('.', "\\."),
    ));
    out.push_str("    types {\n");
    for (ext, kind) in TEXT_TYPES.iter().chain(OTHER_TYPES.iter()) {
        out.push_str(&format!("        {kind} {ext};\n"));
    }
    out.push_str("    }\n    default_type application/octet-stream;\n    charset utf-8;\n");
    let text_kinds = text_kinds().join(" ");
    out.push_str(&format!("    charset_types {text_kinds};\n"));
    out.push_str(&nginx_encodings(lang, &text_kinds));
    out.push_str(&nginx_br_locations());
    out.push_str("}\n");
    out
}

/// The nginx lines that choose how a file is sent: gzip for what has no
/// copy, the cache header, and the `.br` copy when the browser takes brotli.
fn nginx_encodings(lang: Lang, text_kinds: &str) -> String {
    format!(
        "{gz}\
         \x20   gzip on;\n\
         \x20   gzip_types {text_kinds};\n\
         \x20   gzip_min_length {min};\n\
         \x20   gzip_comp_level 5;\n\
         \x20   gzip_vary on;\n\
         {cache}\
         \x20   set $faro_cache \"{CACHE_REVALIDATE}\";\n\
         \x20   if ($uri ~ \"{IMMUTABLE}$\") {{\n\
         \x20       set $faro_cache \"{CACHE_IMMUTABLE}\";\n\
         \x20   }}\n\
         \x20   add_header Cache-Control $faro_cache always;\n\
         {br}\
         \x20   set $faro_br \"\";\n\
         \x20   if ($http_accept_encoding ~ \"\\bbr\\b\") {{\n\
         \x20       set $faro_br \"${{request_filename}}.br\";\n\
         \x20   }}\n\
         \x20   if (-f $faro_br) {{\n\
         \x20       rewrite ^(.*)$ $1.br last;\n\
         \x20   }}\n",
        gz = comment("    ", &crate::t_in!(lang, "server-nginx-gz")),
        cache = comment("    ", &crate::t_in!(lang, "server-nginx-cache")),
        br = comment("    ", &crate::t_in!(lang, "server-nginx-br")),
        min = crate::write::compress::MIN_BYTES,
    )
}

/// The inner locations that send each text type's `.br` copies.
fn nginx_br_locations() -> String {
    let mut out = String::new();
    for (ext, kind) in TEXT_TYPES {
        let charset = "; charset=utf-8";
        let hashable = ["css", "js", "mjs"].contains(&ext);
        if hashable {
            out.push_str(&br_location(
                &format!("\\.[0-9a-f]{{8}}\\.{ext}\\.br$"),
                kind,
                charset,
                CACHE_IMMUTABLE,
            ));
        }
        out.push_str(&br_location(
            &format!("\\.{ext}\\.br$"),
            kind,
            charset,
            CACHE_REVALIDATE,
        ));
    }
    out
}

/// `text` as comment lines (`# …`) indented by `indent`, in the editor's
/// language: the configuration explains itself to whoever installs it.
fn comment(indent: &str, text: &str) -> String {
    text.lines()
        .map(|line| format!("{indent}# {line}\n").replace(" \n", "\n"))
        .collect()
}

/// The types of the text files but `text/html` (which nginx's `charset` and
/// `gzip` always include, and would warn about twice), once each.
fn text_kinds() -> Vec<&'static str> {
    let mut kinds: Vec<&str> = TEXT_TYPES.iter().map(|(_, k)| *k).collect();
    kinds.dedup();
    kinds.retain(|k| *k != "text/html");
    kinds
}

/// An inner location that sends the `.br` copies matching `pattern` as
/// `kind`, brotli-encoded, with `cache`. `always`: the 404 page is one.
fn br_location(pattern: &str, kind: &str, charset: &str, cache: &str) -> String {
    format!(
        "    location ~ \"{pattern}\" {{\n\
         \x20       internal;\n\
         \x20       gzip off;\n\
         \x20       types {{ }}\n\
         \x20       default_type \"{kind}{charset}\";\n\
         \x20       add_header Content-Encoding br always;\n\
         \x20       add_header Vary Accept-Encoding always;\n\
         \x20       add_header Cache-Control \"{cache}\" always;\n\
         \x20   }}\n"
    )
}
