package dev.servermonitor.api.task.policy;

import static dev.servermonitor.api.task.policy.PolicyRule.command;
import static dev.servermonitor.api.task.policy.PolicyRule.line;
import static dev.servermonitor.api.task.policy.PolicyRule.pipeline;

import java.util.List;

/**
 * The deny rules shipped with Server Monitor (always on; the default allowlist is
 * {@link AllowedCommands}). They read normalised commands, so quoting, escapes, extra blanks,
 * wrappers, paths, the current directory and command lists do not hide a command.
 * docs/task-policy.md lists them.
 */
final class BuiltinRules {

    /** End of an argument. */
    private static final String E = "(?:\\s|$)";
    /** Any arguments before the one that follows. */
    private static final String ANY = "(?:.*\\s)?";
    private static final String SYS_DIR = "(?:bin|boot|dev|etc|home|lib|lib32|lib64|libx32|media|mnt|opt|proc|root"
            + "|run|sbin|snap|srv|sys|usr|var)";
    /** {@code /}, {@code /*} or a top-level system directory (paths are already normalised). */
    private static final String ROOT_DIR = "(?:/|/\\*|/" + SYS_DIR + "(?:/\\*)?)";
    private static final String ROOT_OR_HOME = "(?:" + ROOT_DIR + "|~/?\\*?|\\$\\{?home\\}?/?\\*?)";
    private static final String RECURSIVE = "(?=" + ANY + "(?:-[a-z]*r[a-z]*|--recursive)" + E + ")";
    /** An output redirection operator as {@link Command#text()} writes it, then its target. */
    private static final String WRITE_TO = "(?:^|\\s)(?:\\d*>>?|&>>?|\\d*>\\||\\d*<>) ";
    private static final String BLOCK_DEVICE = "/dev/(?:sd[a-z]+\\d*|hd[a-z]+\\d*|vd[a-z]+\\d*|xvd[a-z]+\\d*"
            + "|nvme\\d+(?:n\\d+)?(?:p\\d+)?|mmcblk\\d+(?:p\\d+)?|md\\d+|dm-\\d+|loop\\d+|sr\\d+|disk/\\S+"
            + "|mapper/\\S+|mem|kmem|port)";
    private static final String AUTH_FILE = "/etc/(?:passwd|shadow|gshadow|group|sudoers(?:\\.d(?:/\\S*)?)?)";
    private static final String INTERPRETER = "(?:(?:ba|da|z|k|a|mk|r)?sh|python[0-9.]*|perl|ruby|php|node)";
    private static final String DOWNLOADER = "(?:curl|wget|fetch|aria2c)";

    static final List<PolicyRule> DENY = List.of(
            command("rm-recursive-root", "recursive delete of /, a top-level system directory or the home directory",
                    "^rm\\s" + RECURSIVE + "(?=" + ANY + ROOT_OR_HOME + E + ")"),
            command("rm-no-preserve-root", "rm --no-preserve-root", "^rm\\s" + ANY + "--no-preserve-root" + E),
            command("find-delete-root", "find that deletes from / or a top-level system directory",
                    "^find\\s(?:-[hlp]\\s)?(?:-[hlp]\\s)?" + ROOT_DIR + "\\s" + ANY
                            + "(?:-delete|-exec(?:dir)?\\s(?:rm|shred|unlink)|-ok(?:dir)?\\srm)" + E),
            command("mv-root", "moving / or a top-level system directory away",
                    "^mv\\s" + ANY + ROOT_DIR + "\\s+\\S"),
            command("sync-delete-root",
                    "syncing with deletion onto /, a top-level system directory or the home directory",
                    "^rsync\\s(?=" + ANY + "--(?:del|delete\\S*|remove-source-files)" + E + ")" + ANY + ROOT_OR_HOME
                            + "(?:\\s\\S*[<>]\\S*(?:\\s\\S+)?)*$" + "|^rclone\\s" + ANY
                            + "(?:sync|purge|delete|rmdirs)\\s" + ANY + ROOT_OR_HOME + E),
            command("mkfs", "creating or wiping a filesystem (mkfs, mke2fs, mkswap, wipefs)",
                    "^(?:mkfs(?:\\.[a-z0-9]+)?|mke2fs|mkswap|mkntfs|mkdosfs|wipefs)" + E),
            command("dd-to-device", "dd writing onto a device",
                    "^dd\\s" + ANY + "of=/dev/(?!(?:null|zero|stdout|stderr|tty|fd/\\d+)" + E + ")"),
            command("write-to-device", "redirecting, tee-ing or copying onto a block device or memory",
                    WRITE_TO + BLOCK_DEVICE + E + "|^tee\\s" + ANY + BLOCK_DEVICE + E + "|^cp\\s" + ANY + BLOCK_DEVICE
                            + "$"),
            command("wipe-device", "shredding or discarding a block device",
                    "^(?:shred|wipe|blkdiscard)\\s" + ANY + BLOCK_DEVICE + E),
            command("partition-table", "changing a partition table",
                    "^(?:fdisk|sfdisk|sgdisk|gdisk|cfdisk|parted)\\s(?!" + ANY + "(?:-l|--list|-s|--show|print|-p)"
                            + E + ")" + ANY + "/dev/"),
            command("power-off", "shutdown, reboot, halt or poweroff", "^(?:shutdown|reboot|halt|poweroff)" + E),
            command("systemctl-power", "systemctl poweroff, reboot, halt, kexec, rescue or emergency",
                    "^systemctl\\s" + ANY + "(?:poweroff|reboot|halt|kexec|suspend|hibernate|rescue|emergency"
                            + "|soft-reboot)" + E + "|^systemctl\\s" + ANY + "(?:isolate|start)\\s"
                            + "(?:poweroff|reboot|halt|kexec|rescue|emergency|runlevel[016])\\.target" + E),
            command("init-runlevel", "init or telinit 0, 1, 6 or S", "^(?:init|telinit)\\s[016s]" + E),
            command("sysrq-trigger", "writing to /proc/sysrq-trigger",
                    WRITE_TO + "/proc/sysrq-trigger" + E + "|^tee\\s" + ANY + "/proc/sysrq-trigger" + E),
            line("fork-bomb", "a fork bomb",
                    "(?:function\\s+)?(?<![\\w:.-])([\\w:.-]{1,64})\\s*(?:\\(\\s*\\))?\\s*\\{\\s*\\1\\s*\\|\\s*\\1\\s*&\\s*;?\\s*\\}"),
            command("chmod-recursive-root", "recursive chmod of / or a top-level system directory",
                    "^chmod\\s" + RECURSIVE + "(?=" + ANY + ROOT_DIR + E + ")"),
            command("chown-recursive-root", "recursive chown or chgrp of / or a top-level system directory",
                    "^(?:chown|chgrp)\\s" + RECURSIVE + "(?=" + ANY + ROOT_DIR + E + ")"),
            command("kill-init", "killing PID 1 (init or systemd)",
                    "^kill\\s" + ANY + "1" + E + "|^(?:pkill|killall)\\s" + ANY + "(?:init|systemd)" + E),
            command("kill-all", "killing every process (kill -1, killall5)",
                    "^kill\\s\\S+\\s" + ANY + "-1" + E + "|^kill\\s--\\s-1" + E + "|^killall5" + E),
            command("firewall-flush", "flushing firewall rules or setting a DROP policy",
                    "^(?:ip6?tables(?:-legacy|-nft)?|ebtables|arptables)\\s" + ANY
                            + "(?:-F|--flush|-P\\s+(?:input|output|forward)\\s+drop)" + E
                            + "|^nft\\s" + ANY + "flush\\sruleset" + E),
            command("firewall-disable", "disabling or resetting the firewall",
                    "^ufw\\s(?:--force\\s)?(?:disable|reset)" + E + "|^systemctl\\s" + ANY
                            + "(?:stop|disable|mask|kill)\\s" + ANY
                            + "(?:firewalld|ufw|nftables|iptables|netfilter-persistent)(?:\\.service)?" + E),
            command("ssh-lockout", "stopping or disabling the SSH server",
                    "^systemctl\\s" + ANY + "(?:stop|disable|mask|kill)\\s" + ANY
                            + "(?:ssh|sshd|openssh-server)(?:\\.service|\\.socket)?" + E
                            + "|^service\\s(?:ssh|sshd)\\sstop" + E),
            command("user-delete", "deleting users or groups", "^(?:userdel|deluser|groupdel|delgroup)" + E),
            command("password-change", "changing passwords (passwd, chpasswd, usermod -p)",
                    "^(?:passwd|chpasswd)" + E + "|^usermod\\s" + ANY + "(?:-p|--password)" + E),
            command("crontab-remove", "crontab -r", "^crontab\\s" + ANY + "-[a-z]*r[a-z]*" + E),
            pipeline("download-pipe-shell", "piping a download into a shell or interpreter",
                    "^(?>.*?(?:^|\\|\\s)" + DOWNLOADER + E + ").*\\|\\s" + INTERPRETER + E),
            command("download-exec-substitution", "running a download through a substitution",
                    "^(?:" + INTERPRETER + "|source|\\.|eval)\\s" + ANY + "(?:\\$\\(|<\\()\\s*" + DOWNLOADER + E),
            pipeline("pipe-into-shell", "piping text into a shell or interpreter that runs it",
                    "\\|\\s" + INTERPRETER + "(?:\\s[-+]\\S*)*(?:\\s\\||$)"),
            command("netcat-exec", "netcat running a program (a reverse or bind shell)",
                    "^(?:nc|ncat|netcat|nc\\.traditional|nc\\.openbsd)\\s" + ANY
                            + "(?:-[a-z]*[ec][a-z]*|--(?:exec|sh-exec|lua-exec))" + E),
            command("dev-tcp", "a /dev/tcp or /dev/udp connection (a reverse shell)", "/dev/(?:tcp|udp)/"),
            command("socat-exec", "socat running a program", "^socat\\s" + ANY + "(?:exec|system):"),
            command("history-clear", "clearing shell history", "^history\\s" + ANY + "-[a-z]*[cd][a-z]*" + E),
            command("history-disable", "disabling shell history",
                    "^unset\\s" + ANY + "hist(?:file|size|filesize)" + E
                            + "|^(?:(?:export|declare|typeset|readonly|local)\\s" + ANY + ")?"
                            + "hist(?:file=(?:/dev/null)?|size=0|filesize=0)" + E + "|^set\\s" + ANY + "\\+o\\shistory"
                            + E),
            command("history-file-tamper", "deleting or truncating a history file",
                    "^(?:rm|shred|truncate|unlink|ln)\\s" + ANY + "\\S*\\.(?:bash|zsh|sh|ash|ksh|mysql|psql|python)"
                            + "_history" + E + "|(?:^|\\s)(?:\\d*>|&>) \\S*\\.(?:bash|zsh|sh|ash|ksh)_history" + E),
            command("write-auth-files", "writing /etc/passwd, shadow, group or sudoers",
                    WRITE_TO + AUTH_FILE + E + "|^(?:tee|dd|truncate|chattr|chmod|chown|chgrp|rm|unlink|mv)\\s" + ANY
                            + "(?:of=)?" + AUTH_FILE + E + "|^(?:cp|install|ln)\\s" + ANY + AUTH_FILE + "$"
                            + "|^sed\\s(?=" + ANY + "(?:-[a-z]*i\\S*|--in-place\\S*)" + E + ")" + ANY + AUTH_FILE + E),
            command("kernel-module", "loading or unloading kernel modules or kernels",
                    "^(?:insmod|modprobe|rmmod|kexec)" + E));

    private BuiltinRules() {
    }
}
