#!/usr/bin/env bash
# Builds the base of the Chorus container image without Docker and without a registry: a Java 17
# runtime made by jlink from this machine's JDK, the C libraries it links against, a non-root user
# (10001) and a writable /var/lib/chorus, in one layer. Written as a `docker save` tarball, which Jib
# takes as its base image (tar://FILE) in the image profile: mvn -B -Pimage -pl cli -am package.
#
# Usage: deploy/image/base-image.sh OUT.tar [CLASSPATH_FILE]   (JAVA_HOME selects the JDK; it needs its jmods/)
# CLASSPATH_FILE lists the application's jars (colon-separated); the C libraries that the linux/amd64 native code
# inside them links against go into the base too (zstd-jni needs libpthread.so.0, which the runtime itself does not).
# Rebuilds only when OUT.tar is missing or older than this script, the JDK or the classpath file.
set -euo pipefail

out="$1"
classpath_file="${2:-}"
java_home="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}"
script="${BASH_SOURCE[0]}"
if [[ -f "$out" && "$out" -nt "$script" && "$out" -nt "$java_home/release" \
      && ( -z "$classpath_file" || "$out" -nt "$classpath_file" ) ]]; then
  echo "base image up to date: $out"
  exit 0
fi
[[ -d "$java_home/jmods" ]] || { echo "base-image.sh: $java_home has no jmods/ (on Debian: apt-get install openjdk-17-jdk-headless)" >&2; exit 1; }
[[ "$(uname -m)" == x86_64 ]] || { echo "base-image.sh: builds linux/amd64 images only" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
root="$work/rootfs"
mkdir -p "$root"

# Java SE for Drools (java.compiler, java.desktop's java.beans), Micronaut and JDBC; Netty's
# sun.misc.Unsafe; TLS with elliptic curves; JFR and the management agent for operations.
modules=java.se,jdk.unsupported,jdk.crypto.ec,jdk.zipfs,jdk.charsets,jdk.naming.dns,jdk.jfr,jdk.management,jdk.management.jfr
"$java_home/bin/jlink" --module-path "$java_home/jmods" --add-modules "$modules" \
  --strip-debug --no-header-files --no-man-pages --compress=2 --output "$root/opt/java"
# The service is headless: drop the libraries that only a desktop would load (they pull in X11).
rm -f "$root"/opt/java/lib/{libawt_xawt,libsplashscreen,libjawt,libjsound}.so
# Debian's JDK keeps its trust store under /etc; take the real file.
cp -L /etc/ssl/certs/java/cacerts "$root/opt/java/lib/security/cacerts" 2>/dev/null || true

# The native code the application's jars unpack and load at run time (compression codecs), for linux/amd64:
# taken out here only to ask ldd what it links against.
natives="$work/natives"
mkdir -p "$natives"
if [[ -n "$classpath_file" ]]; then
  tr ':' '\n' < "$classpath_file" | while read -r jar; do
    [[ "$jar" == *.jar && -f "$jar" ]] || continue
    { "$java_home/bin/jar" tf "$jar" | grep -iE '(^|/)linux/(amd64|x86_64)/[^/]+[.]so$' || true; } | while read -r entry; do
      (cd "$natives" && "$java_home/bin/jar" xf "$jar" "$entry")
    done
  done
fi
mapfile -t native_libs < <(find "$natives" -name '*.so')

# The C libraries the runtime and that native code link against, and the dynamic loader, at the paths it looks for
# them.
mkdir -p "$root/lib/x86_64-linux-gnu" "$root/lib64"
# ldd runs outside the JVM, so it is told where the runtime's libjvm.so lies (the launcher loads it before any library
# that needs it). One ldd serves the copy and the check: a second one piped into `grep -q` under pipefail died of
# SIGPIPE at the first match, and the check passed whatever it found.
links="$(LD_LIBRARY_PATH="$root/opt/java/lib/server" ldd "$root/opt/java/bin/java" "$root"/opt/java/lib/*.so \
  "$root/opt/java/lib/server/libjvm.so" "${native_libs[@]}" 2>/dev/null || true)"
if grep -q "not found" <<<"$links"; then
  echo "base-image.sh: a library of the runtime or of the application's native code was not found on this machine:" >&2
  awk '/^\// { file = $0 } /not found/ { print file; print }' <<<"$links" >&2
  exit 1
fi
awk '$2 == "=>" && $3 ~ /^\// {print $3}' <<<"$links" | sort -u | while read -r lib; do
  [[ "$lib" == "$root"* ]] && continue
  cp -L "$lib" "$root/lib/x86_64-linux-gnu/$(basename "$lib")"
done
cp -L /lib64/ld-linux-x86-64.so.2 "$root/lib64/"

mkdir -p "$root/etc" "$root/tmp" "$root/var/lib/chorus" "$root/proc" "$root/sys" "$root/dev"
printf 'root:x:0:0:root:/root:/sbin/nologin\nchorus:x:10001:10001:chorus:/var/lib/chorus:/sbin/nologin\n' > "$root/etc/passwd"
printf 'root:x:0:\nchorus:x:10001:\n' > "$root/etc/group"
printf 'hosts: files dns\n' > "$root/etc/nsswitch.conf"
chmod 1777 "$root/tmp"

# One layer, reproducible: sorted names, fixed times, numeric owners (chorus owns its data directory).
layer="$work/layer.tar"
tar --create --file "$layer" --directory "$root" --sort=name --mtime=@0 --numeric-owner \
  --owner=0 --group=0 --exclude=./var/lib/chorus .
tar --append --file "$layer" --directory "$root" --mtime=@0 --numeric-owner --owner=10001 --group=10001 \
  --no-recursion ./var/lib/chorus
diff_id="sha256:$(sha256sum "$layer" | cut -d' ' -f1)"

runtime_version="$(sed -n 's/^JAVA_VERSION="\(.*\)"/\1/p' "$java_home/release")"
cat > "$work/config.json" <<JSON
{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z",
 "config":{"User":"10001","WorkingDir":"/var/lib/chorus",
  "Env":["PATH=/opt/java/bin","JAVA_HOME=/opt/java","LANG=C.UTF-8"],
  "Labels":{"org.opencontainers.image.description":"Java ${runtime_version} runtime (jlink) for Chorus"}},
 "rootfs":{"type":"layers","diff_ids":["${diff_id}"]},
 "history":[{"created":"1970-01-01T00:00:00Z","created_by":"deploy/image/base-image.sh"}]}
JSON
printf '[{"Config":"config.json","RepoTags":["chorus-base:java%s"],"Layers":["layer.tar"]}]\n' \
  "${runtime_version%%.*}" > "$work/manifest.json"

mkdir -p "$(dirname "$out")"
tar --create --file "$out.partial" --directory "$work" --mtime=@0 --owner=0 --group=0 \
  manifest.json config.json layer.tar
mv "$out.partial" "$out"
echo "base image: $out ($(du -h "$out" | cut -f1), Java $runtime_version, layer $diff_id)"
