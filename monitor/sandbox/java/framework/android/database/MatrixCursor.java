package android.database;

import java.util.ArrayList;
import java.util.List;

/** A mutable cursor implementation backed by an array of Objects. */
public class MatrixCursor implements Cursor {
    private final String[] mColumns;
    private final List<Object[]> mRows = new ArrayList<>();
    private int mPos = -1;
    private boolean mClosed;

    public MatrixCursor(String[] columnNames) { mColumns = columnNames.clone(); }

    public void addRow(Object[] columnValues) {
        if (columnValues.length != mColumns.length) throw new IllegalArgumentException("columnNames.length != columnValues.length");
        mRows.add(columnValues.clone());
    }

    @Override public int getCount() { return mRows.size(); }
    @Override public int getPosition() { return mPos; }
    @Override public boolean moveToFirst() { return moveToPosition(0); }
    @Override public boolean moveToNext() { return moveToPosition(mPos + 1); }
    @Override public boolean moveToPosition(int position) {
        if (position >= mRows.size()) { mPos = mRows.size(); return false; }
        if (position < 0) { mPos = -1; return false; }
        mPos = position;
        return true;
    }
    @Override public int getColumnIndex(String columnName) {
        for (int i = 0; i < mColumns.length; i++) if (mColumns[i].equals(columnName)) return i;
        return -1;
    }
    @Override public int getColumnIndexOrThrow(String columnName) {
        int i = getColumnIndex(columnName);
        if (i < 0) throw new IllegalArgumentException("column '" + columnName + "' does not exist");
        return i;
    }
    @Override public String getColumnName(int columnIndex) { return mColumns[columnIndex]; }
    @Override public String[] getColumnNames() { return mColumns.clone(); }
    @Override public int getColumnCount() { return mColumns.length; }
    private Object get(int column) {
        if (mPos < 0 || mPos >= mRows.size()) throw new IllegalStateException("CursorIndexOutOfBoundsException: index " + mPos);
        return mRows.get(mPos)[column];
    }
    @Override public String getString(int columnIndex) { Object v = get(columnIndex); return v == null ? null : v.toString(); }
    @Override public int getInt(int columnIndex) { Object v = get(columnIndex); return v == null ? 0 : Integer.parseInt(v.toString()); }
    @Override public long getLong(int columnIndex) { Object v = get(columnIndex); return v == null ? 0 : Long.parseLong(v.toString()); }
    @Override public boolean isClosed() { return mClosed; }
    @Override public void close() { mClosed = true; }
}
