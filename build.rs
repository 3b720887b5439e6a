// The igm theme is compiled into the binary (src/theme.rs, include_dir!);
// rebuild when any of its files change.
fn main() {
    println!("cargo:rerun-if-changed=themes/igm");
}
