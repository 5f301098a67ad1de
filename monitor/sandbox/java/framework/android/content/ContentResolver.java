package android.content;

import android.database.Cursor;
import android.net.Uri;

/** Gives applications access to content providers. Contacts are served from the sandbox device state. */
public abstract class ContentResolver {
    public ContentResolver(Context context) {}

    public final Cursor query(Uri uri, String[] projection, String selection, String[] selectionArgs, String sortOrder) {
        return queryProvider(uri, projection, selection, selectionArgs, sortOrder);
    }

    public final Cursor query(Uri uri, String[] projection, android.os.Bundle queryArgs, Object cancellationSignal) {
        return queryProvider(uri, projection, null, null, null);
    }

    /** Sandbox hook point: the device implementation answers provider queries. */
    protected abstract Cursor queryProvider(Uri uri, String[] projection, String selection, String[] selectionArgs, String sortOrder);
}
