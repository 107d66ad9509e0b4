#!/bin/sh
# Mirrors Abaco's abaco_test sample: echo the message, then dump the environment.
echo "Contents of MSG: $MSG"
echo "Environment:"
env | sort
