package com.example.compliant;

public final class R {
    private R() {}
    public static final class id {
        private id() {}
        public static final int status = 0x7f0a0001;
        public static final int refresh = 0x7f0a0002;
    }
}
