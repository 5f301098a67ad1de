package com.example.violating;

public final class R {
    private R() {}
    public static final class id {
        private id() {}
        public static final int welcome = 0x7f0a0001;
    }
}
