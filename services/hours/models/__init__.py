"""The work-hour models: `entries` (work entries, week sheets, month locks, the monthly
roll-up) and `sync` (saves sent by the offline queue). `services.models` imports them all."""
