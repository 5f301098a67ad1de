package android.provider;

import android.net.Uri;

/** The contract between the contacts provider and applications. */
public final class ContactsContract {
    public static final String AUTHORITY = "com.android.contacts";
    public static final Uri AUTHORITY_URI = Uri.parse("content://" + AUTHORITY);
    private ContactsContract() {}

    public static class Contacts {
        public static final Uri CONTENT_URI = Uri.parse("content://com.android.contacts/contacts");
        public static final String _ID = "_id";
        public static final String DISPLAY_NAME = "display_name";
        public static final String HAS_PHONE_NUMBER = "has_phone_number";
        private Contacts() {}
    }

    public static final class CommonDataKinds {
        private CommonDataKinds() {}
        public static final class Phone {
            public static final Uri CONTENT_URI = Uri.parse("content://com.android.contacts/data/phones");
            public static final String NUMBER = "data1";
            public static final String DISPLAY_NAME = "display_name";
            private Phone() {}
        }
    }
}
