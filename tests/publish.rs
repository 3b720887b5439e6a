//! A build ready for a web host, and `faro publish` (issue 17): compressed
//! copies, content-hashed asset names, the server configuration tried on a
//! real nginx and a real Apache, and publishing to a folder or through rsync.
//!
//! Under the harness of the browser tests (`tests/common/harness.rs`): the
//! tests that need nginx, Apache or rsync are reported as ignored where they are
//! missing (and fail under CI=true, where `.ci/run` installs them).

#[path = "publish/apache.rs"]
mod apache;
mod common;
#[path = "publish/hosting.rs"]
mod hosting;
#[path = "publish/nginx.rs"]
mod nginx;
#[path = "publish/output_files.rs"]
mod output_files;
#[path = "publish/publishing.rs"]
mod publishing;

use common::harness::{self, Test, Tool};

fn main() {
    harness::main(&[
        Test {
            name: "each_compressed_copy_decompresses_to_exactly_its_file",
            needs: &[],
            run: hosting::each_compressed_copy_decompresses_to_exactly_its_file,
        },
        Test {
            name: "small_files_and_binary_files_get_no_copies",
            needs: &[],
            run: hosting::small_files_and_binary_files_get_no_copies,
        },
        Test {
            name: "compress_false_writes_no_copies",
            needs: &[],
            run: hosting::compress_false_writes_no_copies,
        },
        Test {
            name: "unchanged_copies_are_not_rewritten",
            needs: &[],
            run: hosting::unchanged_copies_are_not_rewritten,
        },
        Test {
            name: "a_removed_page_takes_its_copies_with_it",
            needs: &[],
            run: hosting::a_removed_page_takes_its_copies_with_it,
        },
        Test {
            name: "styles_and_scripts_have_hashed_names_that_every_page_links",
            needs: &[],
            run: hosting::styles_and_scripts_have_hashed_names_that_every_page_links,
        },
        Test {
            name: "the_htaccess_is_written_for_the_site_path",
            needs: &[],
            run: hosting::the_htaccess_is_written_for_the_site_path,
        },
        Test {
            name: "a_site_under_a_path_is_told_where_robots_txt_works",
            needs: &[],
            run: hosting::a_site_under_a_path_is_told_where_robots_txt_works,
        },
        Test {
            name: "pages_and_data_get_a_brotli_copy_drawings_and_gzip_none",
            needs: &[],
            run: output_files::pages_and_data_get_a_brotli_copy_drawings_and_gzip_none,
        },
        Test {
            name: "a_rebuild_removes_the_copies_no_longer_wanted",
            needs: &[],
            run: output_files::a_rebuild_removes_the_copies_no_longer_wanted,
        },
        Test {
            name: "a_standalone_chart_carries_only_the_css_it_uses",
            needs: &[],
            run: output_files::a_standalone_chart_carries_only_the_css_it_uses,
        },
        Test {
            name: "nginx_serves_the_copies_types_caches_and_404",
            needs: &[Tool::Nginx],
            run: nginx::nginx_serves_the_copies_types_caches_and_404,
        },
        Test {
            name: "nginx_serves_a_site_at_the_host_root",
            needs: &[Tool::Nginx],
            run: nginx::nginx_serves_a_site_at_the_host_root,
        },
        Test {
            name: "apache_serves_the_copies_types_caches_and_404",
            needs: &[Tool::Apache],
            run: apache::apache_serves_the_copies_types_caches_and_404,
        },
        Test {
            name: "publishes_to_a_folder_assets_first_old_files_last",
            needs: &[],
            run: publishing::publishes_to_a_folder_assets_first_old_files_last,
        },
        Test {
            name: "publishes_through_rsync",
            needs: &[Tool::Rsync],
            run: publishing::publishes_through_rsync,
        },
        Test {
            name: "refuses_the_site_its_sources_and_the_output",
            needs: &[],
            run: publishing::refuses_the_site_its_sources_and_the_output,
        },
        Test {
            name: "a_file_faro_did_not_publish_stops_the_publication",
            needs: &[],
            run: publishing::a_file_faro_did_not_publish_stops_the_publication,
        },
    ]);
}
