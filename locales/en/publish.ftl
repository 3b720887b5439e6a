# faro publish (src/publish/): the built site onto its web host.

cli-publish-about = Publish the built site (public/) to a folder or, with rsync, to another machine; or print the web server's configuration.
cli-publish-examples =
    Examples:
      faro build && faro publish /var/www/informes         copy to a folder of this machine
      faro publish editor@servidor:/var/www/informes        copy over SSH with rsync
      faro publish /var/www/informes --dry-run              list what would change, copy nothing
      faro publish --print-config nginx                     the nginx configuration for this site
cli-arg-dest = Where to publish: a folder, or [user@]host:/path for rsync over SSH
cli-arg-publish-output = The built site to publish; default: ROOT/public
cli-arg-publish-dry-run = List what would be copied and removed, in order; change nothing
cli-arg-rsync = Copy with rsync also when DEST is a folder of this machine
cli-arg-print-config = Print the web server's configuration for this site: apache (the .htaccess the build writes) or nginx
cli-arg-publish-base-url = Override site.yaml's base_url for --print-config

publish-no-dest = say where to publish: faro publish DEST (a folder, or user@host:/path), or --print-config apache|nginx
publish-no-build = there is no built site here: run `faro build` first (in { $root }), then `faro publish` again
publish-dest-refused = this destination starts with "-" and would be read as an option: write it as ./{ $path } if it is a folder
publish-dest-unsafe = cannot publish here: { $reason }
publish-dest-overlaps-output = this destination and the built site ({ $output }) are one inside the other: publish to a folder outside it
publish-foreign-file = the destination already has a file here that faro did not publish, with other content; it is left as it is and nothing was published: move or delete it by hand, then publish again
publish-cannot-read = cannot read: { $error }
publish-cannot-write = cannot write: { $error }
publish-cannot-remove = cannot remove: { $error }
publish-rsync-missing = cannot run rsync ({ $error }): install it (apt-get install rsync), here and on the server
publish-rsync-failed = rsync stopped with code { $code }: { $error }
publish-failed = publication to { $dest } stopped: the pages already copied link only files that were copied before them, and the next `faro publish` finishes the job
publish-dry-run-summary = would copy { $new } new and { $changed } changed { $changed ->
        [one] file
       *[other] files
    } and remove { $removed } (unchanged: { $unchanged }); nothing was changed
publish-done = published: { $new ->
        [one] 1 new file
       *[other] { $new } new files
    }, { $changed } changed, { $removed } removed (unchanged: { $unchanged })
publish-nothing-to-do = nothing to publish: the destination already has this site ({ $unchanged ->
        [one] 1 file
       *[other] { $unchanged } files
    })

# The build summary's note when base_url has a path (src/publish/mod.rs).
publish-robots-note = note: robots.txt only works at the root of a host; this site is at { $path }, so its robots.txt is not read. Ask the host's administrator to add this line to { $robots }: Sitemap: { $sitemap }

# ---- First hour (issue 24 items 6-7, issue 25 item 9): a new destination folder, a placeholder base_url ----
publish-would-create-folder = would create the folder { $dest } (it does not exist yet)
publish-created-folder = created the folder { $dest }
publish-cannot-create-folder = cannot create this folder to publish into: { $error }
publish-dest-parent-missing = the folder { $parent } does not exist, so { $dest } is not created: faro publish makes only the last folder of the destination. Check the path (a typo? a disk or share not mounted?), or create the folders first (mkdir -p { $dest }) and publish again
publish-placeholder-base-url = warning: this site was built with base_url { $url }, the example address `faro init` writes: the sitemap, the feed and the shared links will point there, not at your portal. Set base_url in site.yaml to the address where the portal will be published (or build with -u https://…), run `faro build` again, then publish

# ---- Symbolic links inside the destination (src/publish/folder.rs) ----
publish-link-refused = this is a symbolic link inside the destination, on the way to a file faro publishes or removes; faro never writes or deletes through a link it did not make, and nothing was published: put a real folder or file in its place (or make DEST itself the link), then publish again
# ---- end of symbolic links ----
