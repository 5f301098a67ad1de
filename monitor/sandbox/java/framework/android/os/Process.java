package android.os;

/** Tools for managing OS processes. */
public class Process {
    public static final int SIGNAL_KILL = 9;

    public static final int myPid() { return (int) ProcessHandle.current().pid(); }

    /** Kills the process: on the sandbox only this app's own process can be the target. */
    public static final void killProcess(int pid) {
        if (pid == myPid()) Runtime.getRuntime().halt(137);
    }
}
