#!/bin/sh
# reboot.sh USER -- a Fleetline agent handler (AWS-Reboot).
# Reboots the device; run again after the reboot (the job is still IN_PROGRESS then), it succeeds if the device did
# boot since (the kernel's boot id changed). The Fleetline agent carries out reboot.sh steps from its handler
# directory itself, through its reboot hook; this script runs when a step names it from another directory, or under
# another job runner.
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

user=${1-}
# the job's own lock, in its work directory (where the job runner starts each step): jobs do not share one
lock="$PWD/.fleetline-reboot.lock"
boot=$(cat /proc/sys/kernel/random/boot_id)
if [ -f "$lock" ]; then
    asked_in=$(cat "$lock")
    rm -f "$lock"
    if [ "$asked_in" != "$boot" ]; then
        echo "The device rebooted"
        exit 0
    fi
    echo "reboot.sh: the device did not reboot" >&2
    exit 1
fi

echo "$boot" > "$lock"
echo "Rebooting"
if ! as_user reboot; then
    rm -f "$lock"
    echo "reboot.sh: reboot failed" >&2
    exit 1
fi
# reboot returns while the system goes down, which takes this script along
sleep 600
rm -f "$lock"
echo "reboot.sh: the device did not reboot within 10 minutes" >&2
exit 1
