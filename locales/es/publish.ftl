# faro publish (src/publish/): el sitio construido en su servidor web.

cli-publish-about = Publica el sitio construido (public/) en una carpeta o, con rsync, en otra máquina; o muestra la configuración del servidor web.
cli-publish-examples =
    Ejemplos:
      faro build && faro publish /var/www/informes         copia a una carpeta de esta máquina
      faro publish editor@servidor:/var/www/informes        copia por SSH con rsync
      faro publish /var/www/informes --dry-run              dice qué cambiaría, sin copiar nada
      faro publish --print-config nginx                     la configuración de nginx para este sitio
cli-arg-dest = Dónde publicar: una carpeta, o [usuario@]servidor:/ruta para rsync por SSH
cli-arg-publish-output = El sitio construido que se publica; por omisión: RAÍZ/public
cli-arg-publish-dry-run = Dice qué se copiaría y qué se borraría, en orden, sin cambiar nada
cli-arg-rsync = Copia con rsync también cuando DEST es una carpeta de esta máquina
cli-arg-print-config = Muestra la configuración del servidor web para este sitio: apache (el .htaccess que escribe la construcción) o nginx
cli-arg-publish-base-url = Usa esta dirección en lugar del base_url de site.yaml para --print-config

publish-no-dest = diga dónde publicar: faro publish DEST (una carpeta, o usuario@servidor:/ruta), o --print-config apache|nginx
publish-no-build = aquí no hay un sitio construido: ejecute primero `faro build` (en { $root }) y luego otra vez `faro publish`
publish-dest-refused = este destino empieza con "-" y se leería como una opción: escríbalo como ./{ $path } si es una carpeta
publish-dest-unsafe = no se puede publicar aquí: { $reason }
publish-dest-overlaps-output = este destino y el sitio construido ({ $output }) están uno dentro del otro: publique en una carpeta fuera de él
publish-foreign-file = el destino ya tiene aquí un archivo que faro no publicó, con otro contenido; se deja como está y no se publicó nada: muévalo o bórrelo a mano y vuelva a publicar
publish-cannot-read = no se puede leer: { $error }
publish-cannot-write = no se puede escribir: { $error }
publish-cannot-remove = no se puede borrar: { $error }
publish-rsync-missing = no se puede ejecutar rsync ({ $error }): instálelo (apt-get install rsync), aquí y en el servidor
publish-rsync-failed = rsync se detuvo con el código { $code }: { $error }
publish-failed = la publicación en { $dest } se detuvo: las páginas ya copiadas solo enlazan archivos copiados antes que ellas, y el próximo `faro publish` termina el trabajo
publish-dry-run-summary = { $new ->
        [one] se copiaría 1 archivo nuevo
       *[other] se copiarían { $new } archivos nuevos
    } y { $changed ->
        [one] 1 cambiado
       *[other] { $changed } cambiados
    }, y { $removed ->
        [one] se borraría 1
       *[other] se borrarían { $removed }
    } (sin cambios: { $unchanged }); no se cambió nada
publish-done = publicado: { $new ->
        [one] 1 archivo nuevo
       *[other] { $new } archivos nuevos
    }, { $changed ->
        [one] 1 cambiado
       *[other] { $changed } cambiados
    }, { $removed ->
        [one] 1 borrado
       *[other] { $removed } borrados
    } (sin cambios: { $unchanged })
publish-nothing-to-do = nada que publicar: el destino ya tiene este sitio ({ $unchanged ->
        [one] 1 archivo
       *[other] { $unchanged } archivos
    })

# La nota del resumen de la construcción cuando base_url tiene una ruta (src/publish/mod.rs).
publish-robots-note = nota: robots.txt solo funciona en la raíz de un servidor; este sitio está en { $path }, así que su robots.txt no se lee. Pida a quien administra el servidor que añada esta línea a { $robots }: Sitemap: { $sitemap }
