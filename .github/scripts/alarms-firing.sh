#!/usr/bin/env bash
# Fails (exit 1) if any alarm of city $CITY is in ALARM: those of its stack in $CITY_REGION and the
# CloudFront alarm in us-east-1. Alarm names start with the stack name; a city's own alarms continue
# with an upper-case letter, which tells them from a city whose id merely starts with $CITY.
set -euo pipefail
stack="CityOfLearning-${CITY}"
firing=$(
  for region in "${CITY_REGION}" us-east-1; do
    aws cloudwatch describe-alarms --region "$region" --state-value ALARM --alarm-name-prefix "${stack}-" \
      --query 'MetricAlarms[].AlarmName' --output text | tr '\t' '\n'
  done | grep -E "^${stack}-[A-Z]" || true
)
if [ -n "$firing" ]; then
  echo "::error::Alarms firing for ${CITY}; stopping the rollout:"
  echo "$firing"
  exit 1
fi
echo "No alarm firing for ${CITY}."
