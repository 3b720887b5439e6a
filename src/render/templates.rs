//! The minijinja environment: theme templates, the filters and URL helpers
//! they use, and template errors turned into diagnostics that name the file.
//! Each page's render has a budget of work, so that a runaway template (a
//! loop in a loop over huge ranges) is an error within seconds, not a hang.

use super::Input;
use super::assets::{Asset, fingerprint};
use super::views::SiteContext;
use crate::render::markdown::escape_into;
use crate::support::diag::{Diagnostic, Diagnostics};
use crate::support::numfmt;
use crate::{problem, t};
use minijinja::{Environment, Value, context};
use std::collections::{BTreeMap, HashMap};

/// How many template instructions (minijinja "fuel") one page may execute.
/// The bundled theme's most expensive page on the 1,200-report benchmark
/// archive (`bench/gen-corpus.py`), an indicator's page with its
/// whole history, uses 140,200: the limit is over 140 times that, room for
/// heavier themes and longer archives, while a runaway loop reaches it in
/// about a second of rendering.
pub(super) const FUEL_PER_PAGE: u64 = 20_000_000;

/// The most text one page's render may write: 64 MiB, some 80 times the
/// bundled theme's heaviest page on the benchmark archive (an indicator's
/// page, 800 KB). Fuel bounds the steps, but one step can write a huge
/// value; past this the render stops with an error naming the template.
/// (Values held in memory are bounded too: see `theme::memory`.)
pub(super) const MAX_PAGE_BYTES: usize = 64 * 1024 * 1024;

/// A page's text as it is rendered, refused past [`MAX_PAGE_BYTES`].
#[derive(Default)]
struct Capped {
    text: Vec<u8>,
    over: bool,
}

impl std::io::Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.text.len().saturating_add(buf.len()) > MAX_PAGE_BYTES {
            self.over = true;
            return Err(std::io::Error::other("page too large"));
        }
        self.text.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The template environment, and the file each template came from, so that
/// an error names the file the editor can open, not just the template.
pub(super) struct Templates<'a> {
    env: Environment<'a>,
    origins: HashMap<String, String>,
}

impl Templates<'_> {
    /// Renders `template` for the page at `url` (relative to the site root).
    pub(super) fn page(
        &self,
        template: &str,
        url: &str,
        ctx: Value,
    ) -> Result<String, Diagnostics> {
        let tmpl = self
            .env
            .get_template(template)
            .map_err(|e| self.error(template, &e))?;
        let ctx = context! { current_url => url, ..ctx };
        let origin = self.origins.get(template).map_or(template, String::as_str);
        let mut out = Capped::default();
        let rendered = crate::render::theme::memory::rendering(origin, url, || {
            tmpl.render_captured_to(ctx, &mut out).map(|_| ())
        });
        match rendered {
            Ok(()) => Ok(String::from_utf8(out.text)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())),
            Err(_) if out.over => Err(problem!(
                "template-page-too-large",
                origin,
                0,
                0,
                page = url,
                limit = (MAX_PAGE_BYTES >> 20).to_string()
            )
            .into()),
            Err(e) => Err(self.error(template, &e)),
        }
    }

    fn error(&self, fallback: &str, e: &minijinja::Error) -> Diagnostics {
        let name = e.name().unwrap_or(fallback);
        let origin = self.origins.get(name).map_or(name, String::as_str);
        let (code, mut message) = if e.kind() == minijinja::ErrorKind::OutOfFuel {
            let message = t!(
                "template-out-of-fuel",
                template = fallback,
                steps = FUEL_PER_PAGE.to_string()
            );
            ("template-out-of-fuel", message)
        } else {
            ("template-error", template_error(e))
        };
        if let Some(src) = std::error::Error::source(e) {
            message.push_str(&format!(" ({src})"));
        }
        Diagnostic::new(origin, e.line().unwrap_or(0), 0, message)
            .with_code(code)
            .into()
    }
}

/// minijinja's own words for what is wrong in a template (English: they
/// name the template language's constructs), introduced in the editor's language.
fn template_error(e: &minijinja::Error) -> String {
    let kind = e.kind().to_string();
    t!("template-error", detail = e.detail().unwrap_or(&kind))
}

/// The template environment: theme templates, filters and URL helpers.
pub(super) fn environment<'a>(
    input: &Input<'a>,
    site: &SiteContext,
    assets: &BTreeMap<String, Asset>,
    calendar: Value,
) -> Result<Templates<'a>, Diagnostics> {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html") || name.ends_with(".xml") || name.ends_with(".svg") {
            minijinja::AutoEscape::Html
        } else {
            minijinja::AutoEscape::None
        }
    });
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Chainable);
    env.set_fuel(Some(FUEL_PER_PAGE));
    // minijinja's HTML escaping also escapes `/`, which bloats every URL;
    // `&<>"'` are all that HTML text and quoted attributes need.
    env.set_formatter(|out, state, value| {
        if value.is_undefined() || value.is_none() {
            return Ok(());
        }
        if value.is_safe() || state.auto_escape() == minijinja::AutoEscape::None {
            return write!(out, "{value}")
                .map_err(|_| minijinja::Error::from(minijinja::ErrorKind::WriteFailure));
        }
        match value.as_str() {
            Some(s) => escape_into(out, s),
            None => escape_into(out, &value.to_string()),
        }
        .map_err(|_| minijinja::Error::from(minijinja::ErrorKind::WriteFailure))
    });
    let origins = add_templates(&mut env, input)?;
    let base_path = input.config.base_path();
    env.add_global("site", Value::from_serialize(site));
    env.add_global("base_path", base_path.clone());
    // The release calendar's dates (absent without `calendar:` in site.yaml).
    env.add_global("calendar", calendar);
    // A page's share picture (`share_picture(page.url)`), or none.
    let pictures = super::share::metas(input, input.share);
    env.add_function("share_picture", move |url: &str| {
        pictures.get(url).map(Value::from_serialize)
    });
    add_addresses(&mut env, base_path, assets);
    add_filters(&mut env);
    Ok(Templates { env, origins })
}

/// The theme's templates, each known by its file for messages (returned,
/// by name); every one of them, and every template a site needs, or what
/// is wrong with them.
fn add_templates(
    env: &mut Environment<'_>,
    input: &Input<'_>,
) -> Result<HashMap<String, String>, Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut origins = HashMap::new();
    for (name, t) in &input.theme.templates {
        origins.insert(name.clone(), t.origin.display().to_string());
        if let Err(e) = env.add_template_owned(name.clone(), t.source.clone()) {
            let line = e.line().unwrap_or(0);
            diags.push(
                Diagnostic::new(&t.origin, line, 0, template_error(&e)).with_code("template-error"),
            );
        }
    }
    for required in [
        "base.html",
        "home.html",
        "archive.html",
        "year.html",
        "report.html",
        "page.html",
        "404.html",
        "data.html",
    ] {
        if !input.theme.templates.contains_key(required) {
            let path = format!("themes/{}/templates/{required}", input.config.theme);
            diags.push(problem!("template-missing", path, 0, 0));
        }
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    Ok(origins)
}

/// The `url` and `asset` functions: an address from the site's root, a
/// theme file's published address.
fn add_addresses(env: &mut Environment<'_>, base_path: String, assets: &BTreeMap<String, Asset>) {
    // A theme file by its path in `static/` → its address: the hashed name
    // (`assets`), or the plain name with a fingerprint that changes with it.
    let addresses: BTreeMap<String, String> = assets
        .iter()
        .map(|(path, asset)| {
            let address = if asset.hashed {
                format!("{base_path}{}", asset.path)
            } else {
                format!("{base_path}{path}?v={}", fingerprint(&asset.bytes))
            };
            (path.clone(), address)
        })
        .collect();
    let bp = base_path.clone();
    env.add_function("url", move |path: &str| -> String {
        format!("{bp}{}", path.trim_start_matches('/'))
    });
    let bp = base_path;
    env.add_function("asset", move |path: &str| -> String {
        let path = path.trim_start_matches('/');
        match addresses.get(path) {
            Some(address) => address.clone(),
            None => format!("{bp}{path}"),
        }
    });
}

/// The filters templates format values with (Spanish numbers, months, dates).
fn add_filters(env: &mut Environment<'_>) {
    env.add_filter("number", |v: Value| -> String {
        match i128::try_from(v.clone()) {
            Ok(n) => numfmt::thousands(n),
            Err(_) => v.to_string(),
        }
    });
    env.add_filter("signed", |v: Value| -> String {
        match i128::try_from(v.clone()) {
            Ok(n) => numfmt::signed(n),
            Err(_) => v.to_string(),
        }
    });
    env.add_filter("percent", |v: f64, signed: Option<bool>| -> String {
        numfmt::percent(v, signed.unwrap_or(false))
    });
    env.add_filter("month", |m: u32| -> &'static str { numfmt::month_name(m) });
    env.add_filter("period", |p: Value| -> String {
        match (
            p.get_attr("year").ok().and_then(|y| i32::try_from(y).ok()),
            p.get_attr("month").ok().and_then(|m| u32::try_from(m).ok()),
        ) {
            (Some(y), Some(m)) => format!("{} de {y}", numfmt::month_name(m)),
            _ => String::new(),
        }
    });
    // `2024-03-10` → `10 de marzo de 2024`; anything else unchanged.
    env.add_filter("long_date", |d: &str| -> String {
        numfmt::long_date(d).unwrap_or_else(|| d.to_string())
    });
    env.add_filter("capfirst", |s: &str| -> String {
        let mut c = s.chars();
        c.next()
            .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
            .unwrap_or_default()
    });
}
