#!/usr/bin/env bash
# Builds localhost/hera-argosay:1, a stand-in for Argo's test images argoproj/argosay:v1 and v2 for
# the conformance suite's podman runs: busybox with every applet, /argosay (the entrypoint) and
# cowsay, bash as busybox's shell. Needs podman (../shared/podman/setup.sh) and /bin/busybox. Idempotent; prints the name.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
image=localhost/hera-argosay:1
if ! podman image exists "$image"; then
  root=$(mktemp -d)
  mkdir -p "$root/bin" "$root/usr/bin" "$root/usr/local/bin" "$root/tmp" "$root/src"
  cp /bin/busybox "$root/bin/busybox"
  for applet in $(/bin/busybox --list); do
    [ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
  done
  # Argo's test image has bash; busybox's shell stands in for it.
  [ -e "$root/bin/bash" ] || ln -s busybox "$root/bin/bash"
  cp "$here/argosay" "$root/argosay"
  cp "$here/argosay" "$root/usr/local/bin/argosay"
  cp "$here/cowsay" "$root/usr/local/bin/cowsay"
  chmod 755 "$root/argosay" "$root/usr/local/bin/argosay" "$root/usr/local/bin/cowsay"
  tar -C "$root" -cf "$root.tar" .
  podman import --quiet --change 'ENTRYPOINT ["/argosay"]' --change 'ENV PATH=/usr/local/bin:/bin:/usr/bin' "$root.tar" "$image" >/dev/null
  rm -rf "$root" "$root.tar"
fi
podman run --rm --network none "$image" echo ok >/dev/null
echo "$image"
