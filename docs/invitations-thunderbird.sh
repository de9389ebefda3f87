#!/bin/sh
# Manual interop check of `overlap invite --eml` in Thunderbird (docs/invitations.md).
# Not part of .ci/run: it needs Thunderbird, Xvfb and ImageMagick from Debian
#   apt-get install -y thunderbird xvfb xdotool imagemagick
# Usage, from the repository root:
#   sh docs/invitations-thunderbird.sh prepare DIR      # .eml files, plan copy, TB profile
#   sh docs/invitations-thunderbird.sh open DIR FILE    # Thunderbird on $DISPLAY opens FILE,
#                                                       # screenshot DIR/FILE.png 15 s later
#   sh docs/invitations-thunderbird.sh stop DIR         # stops what this script started
set -eu

cmd=$1
dir=$2

case $cmd in
prepare)
    mkdir -p "$dir/profile"
    # A throwaway copy of the demo with a [mail] table pointing at a local SMTP server,
    # so that one real --send records the invitation and the next --eml is an update.
    cp resources/demo.toml "$dir/plan.toml"
    printf '\n[mail]\nsmtp = "127.0.0.1:2525"\n' >> "$dir/plan.toml"
    uv run python -m aiosmtpd -n -l 127.0.0.1:2525 > "$dir/smtp.log" 2>&1 &
    echo $! > "$dir/smtp.pid"
    sleep 3
    uv run overlap invite resources/demo.toml --meeting weekly-sync --eml "$dir/request.eml"
    uv run overlap invite "$dir/plan.toml" --meeting weekly-sync --send
    sed -i 's/^duration = 30$/duration = 45/' "$dir/plan.toml"   # weekly-sync: 30 -> 45 min
    uv run overlap invite "$dir/plan.toml" --meeting weekly-sync --eml "$dir/update.eml"
    uv run overlap invite "$dir/plan.toml" --meeting weekly-sync --cancel --date 2027-01-14 \
        --eml "$dir/cancel-one.eml"
    uv run overlap invite "$dir/plan.toml" --meeting weekly-sync --cancel --eml "$dir/cancel.eml"
    for f in request update cancel-one cancel; do uv run overlap check "$dir/$f.eml"; done
    # Thunderbird profile: Jonas (an attendee of weekly-sync) with a POP account that never
    # connects, replies through the SMTP server above, and a local "Home" calendar.
    cat > "$dir/profile/user.js" <<'EOF'
user_pref("mail.shell.checkDefaultClient", false);
user_pref("mail.provider.suppress_dialog_on_startup", true);
user_pref("mailnews.start_page.enabled", false);
user_pref("mail.rights.override", true);
user_pref("datareporting.policy.dataSubmissionEnabled", false);
user_pref("datareporting.healthreport.uploadEnabled", false);
user_pref("toolkit.telemetry.enabled", false);
user_pref("app.update.auto", false);
user_pref("mail.accountmanager.accounts", "account1,account2");
user_pref("mail.accountmanager.defaultaccount", "account1");
user_pref("mail.accountmanager.localfoldersserver", "server2");
user_pref("mail.account.account1.identities", "id1");
user_pref("mail.account.account1.server", "server1");
user_pref("mail.account.account2.server", "server2");
user_pref("mail.identity.id1.fullName", "Jonas");
user_pref("mail.identity.id1.useremail", "jonas@example.com");
user_pref("mail.identity.id1.valid", true);
user_pref("mail.identity.id1.smtpServer", "smtp1");
user_pref("mail.smtpservers", "smtp1");
user_pref("mail.smtpserver.smtp1.hostname", "127.0.0.1");
user_pref("mail.smtpserver.smtp1.port", 2525);
user_pref("mail.server.server1.hostname", "127.0.0.1");
user_pref("mail.server.server1.name", "jonas@example.com");
user_pref("mail.server.server1.type", "pop3");
user_pref("mail.server.server1.userName", "jonas");
user_pref("mail.server.server1.login_at_startup", false);
user_pref("mail.server.server1.check_new_mail", false);
user_pref("mail.server.server2.hostname", "Local Folders");
user_pref("mail.server.server2.name", "Local Folders");
user_pref("mail.server.server2.type", "none");
user_pref("mail.server.server2.userName", "nobody");
user_pref("calendar.timezone.local", "Europe/Berlin");
user_pref("calendar.timezone.useSystemTimezone", false);
user_pref("calendar.registry.home.name", "Home");
user_pref("calendar.registry.home.type", "storage");
user_pref("calendar.registry.home.uri", "moz-storage-calendar://");
user_pref("calendar.registry.home.calendar-main-default", true);
user_pref("calendar.registry.home.calendar-main-in-composite", true);
user_pref("calendar.registry.home.imip.identity.key", "id1");
user_pref("calendar.list.sortOrder", "home");
EOF
    ;;
open)
    file=$3
    if [ -f "$dir/tb.pid" ]; then kill "$(cat "$dir/tb.pid")" 2>/dev/null || true; sleep 4; fi
    # -no-remote: a second instance cannot hand the file to a running one without D-Bus,
    # so each file gets a fresh Thunderbird on the same profile (the calendar persists).
    thunderbird -profile "$dir/profile" -no-remote "$file" > "$dir/tb.log" 2>&1 &
    echo $! > "$dir/tb.pid"
    sleep 15
    import -window root "$dir/$(basename "$file" .eml).png"
    ;;
stop)
    for p in tb smtp; do
        if [ -f "$dir/$p.pid" ]; then kill "$(cat "$dir/$p.pid")" 2>/dev/null || true; rm "$dir/$p.pid"; fi
    done
    ;;
*)
    echo "usage: $0 prepare|open|stop DIR [FILE]" >&2
    exit 2
    ;;
esac
