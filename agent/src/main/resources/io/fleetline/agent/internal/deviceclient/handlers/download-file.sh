#!/bin/sh
# download-file.sh USER URL FILE -- a Fleetline agent handler (AWS-Download-File).
# Downloads URL (http or https) to FILE, an absolute path, as USER when one is given. Like every handler of the
# AWS IoT Device Client's kind, it gets the step's runAsUser first (empty for none), then the job's arguments.
set -eu

as_user() {
    if [ -z "$user" ] || [ "$user" = "$(id -un)" ]; then
        "$@"
    elif [ "$(id -u)" -eq 0 ] && command -v runuser >/dev/null 2>&1; then
        runuser -u "$user" -- "$@"
    else
        sudo -n -u "$user" -- "$@"
    fi
}

if [ $# -ne 3 ]; then
    echo "usage: download-file.sh USER URL FILE" >&2
    exit 2
fi
user=$1
url=$2
file=$3
case $url in
    http://* | https://*) ;;
    *) echo "download-file.sh: only http and https URLs are downloaded, not: $url" >&2; exit 2 ;;
esac
case $file in
    /*) ;;
    *) echo "download-file.sh: the file must be an absolute path, not: $file" >&2; exit 2 ;;
esac

partial="$file.partial.$$"
trap 'rm -f "$partial"' EXIT
echo "Downloading $url to $file"
if command -v curl >/dev/null 2>&1; then
    as_user curl --fail --silent --show-error --location --proto '=http,https' --proto-redir '=http,https' \
        --output "$partial" "$url"
elif command -v wget >/dev/null 2>&1; then
    as_user wget --quiet --output-document="$partial" "$url"
else
    echo "download-file.sh: neither curl nor wget is installed" >&2
    exit 1
fi
as_user mv -f "$partial" "$file"
echo "Downloaded $(wc -c < "$file") bytes"
