package android.database;

import java.io.Closeable;

/** Provides random read-write access to the result set returned by a database query. */
public interface Cursor extends Closeable {
    int getCount();
    int getPosition();
    boolean moveToFirst();
    boolean moveToNext();
    boolean moveToPosition(int position);
    int getColumnIndex(String columnName);
    int getColumnIndexOrThrow(String columnName) throws IllegalArgumentException;
    String getColumnName(int columnIndex);
    String[] getColumnNames();
    int getColumnCount();
    String getString(int columnIndex);
    int getInt(int columnIndex);
    long getLong(int columnIndex);
    boolean isClosed();
    @Override void close();
}
