#!/bin/sh
# PID 1 of every hatcp node: idles until stopped, exits at once on SIGTERM.
trap 'exit 0' TERM INT
while :; do sleep 3600 & wait $!; done
