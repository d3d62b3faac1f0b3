#!/bin/sh
# download-file.sh USER URL FILE -- a Fleetline agent handler (AWS-Download-File).
# Downloads URL (http or https) to FILE, an absolute path, as USER when one is given. Like every handler of the
# AWS IoT Device Client's kind, it gets the step's runAsUser first (empty for none), then the job's arguments.
# An https URL that the system's CAs do not vouch for is tried again trusting FLEETLINE_SERVER_CA, the CAs the agent
# trusts for its server (a presigned URL of the Fleetline server's own S3, on its device port).
# The file is written beside FILE (mktemp) and moved into place whole; one larger than FLEETLINE_DOWNLOAD_MAX_BYTES
# (default 1 GiB) is refused, and the part fetched is removed.
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

max=${FLEETLINE_DOWNLOAD_MAX_BYTES:-1073741824}
case $max in
    '' | *[!0-9]*) echo "download-file.sh: FLEETLINE_DOWNLOAD_MAX_BYTES is not a number of bytes: $max" >&2; exit 2 ;;
esac
directory=$(dirname "$file")
if [ ! -d "$directory" ]; then
    echo "download-file.sh: there is no directory $directory for $file" >&2
    exit 2
fi
partial=$(as_user mktemp "$directory/.download-file.XXXXXX") || {
    echo "download-file.sh: cannot write in $directory" >&2
    exit 1
}
trap 'rm -f "$partial"' EXIT
echo "Downloading $url to $file"
# fetch CA: downloads into $partial, trusting only CA when one is given; sets $status and $errors
fetch() {
    status=0
    if command -v curl >/dev/null 2>&1; then
        set -- curl --fail --silent --show-error --location --proto '=http,https' --proto-redir '=http,https' \
            --max-filesize "$max" ${1:+--cacert "$1"} --output "$partial" "$url"
        untrusted=60
    elif command -v wget >/dev/null 2>&1; then
        set -- wget --quiet ${1:+--ca-certificate="$1"} --output-document="$partial" "$url"
        untrusted=5
    else
        errors="download-file.sh: neither curl nor wget is installed"
        status=1
        return
    fi
    # the size limit holds whatever the tool: a write past it fails (blocks of 512 bytes, rounded up)
    errors=$( (ulimit -f $(( (max + 511) / 512 )) 2>/dev/null || :; as_user "$@") 2>&1) || status=$?
}

fetch ""
server_ca=${FLEETLINE_SERVER_CA-}
if [ "$status" -eq "${untrusted-0}" ] && [ -n "$server_ca" ] && [ -r "$server_ca" ]; then
    fetch "$server_ca"
fi
size=$(wc -c < "$partial")
if [ "$status" -eq 63 ] || [ "$size" -gt "$max" ] || { [ "$status" -ne 0 ] && [ "$size" -ge "$max" ]; }; then
    echo "download-file.sh: $url is larger than $max bytes (FLEETLINE_DOWNLOAD_MAX_BYTES); nothing was written" >&2
    exit 1
fi
if [ "$status" -ne 0 ]; then
    printf '%s\n' "$errors" >&2
    exit "$status"
fi
# mktemp made it 0600: give it the mode a file written afresh gets (the umask's)
as_user chmod "$(printf '%o' $(( 0666 & ~$(umask) )))" "$partial"
as_user mv -f "$partial" "$file"
echo "Downloaded $(wc -c < "$file") bytes"
