package android;

/** Framework resource ids (values as in the platform's public R.id). */
public final class R {
    private R() {}
    public static final class id {
        private id() {}
        public static final int content = 0x01020002;
        public static final int message = 0x0102000b;
        public static final int button1 = 0x01020019;
        public static final int button2 = 0x0102001a;
        public static final int button3 = 0x0102001b;
        public static final int alertTitle = 0x01020380;
        public static final int parentPanel = 0x01020381;
        public static final int buttonPanel = 0x01020382;
    }
}
