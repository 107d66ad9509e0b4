# Sourced by the image build scripts: whether an image was built from the files it is made of, as they are now.
# An image carries the hash of its inputs in the label abaco.inputs; a build is skipped when the label matches.
#   inputs_hash FILE_OR_DIR ...        sha256 of the names and contents of the files (bin/, obj/ left out)
#   image_is_fresh IMAGE HASH          true when IMAGE exists with label abaco.inputs = HASH

inputs_hash() {
  find "$@" -type f -not -path '*/bin/*' -not -path '*/obj/*' -print0 | LC_ALL=C sort -z |
    xargs -0 sha256sum | sha256sum | cut -c1-64
}

image_is_fresh() {
  [ "$(docker image inspect --format '{{ index .Config.Labels "abaco.inputs" }}' "$1" 2>/dev/null)" = "$2" ]
}
