package android.view;

import android.content.Context;
import java.util.ArrayList;
import java.util.List;

/** A special view that can contain other views (called children). */
public abstract class ViewGroup extends View {
    private final List<View> mChildren = new ArrayList<>();

    public ViewGroup(Context context) { super(context); }

    public void addView(View child) {
        if (child.getParent() != null) throw new IllegalStateException("The specified child already has a parent.");
        mChildren.add(child);
        child.assignParent(this);
    }

    public void removeView(View view) {
        if (mChildren.remove(view)) view.assignParent(null);
    }

    public void removeAllViews() {
        for (View v : mChildren) v.assignParent(null);
        mChildren.clear();
    }

    public int getChildCount() { return mChildren.size(); }
    public View getChildAt(int index) { return index < 0 || index >= mChildren.size() ? null : mChildren.get(index); }

    @Override
    public <T extends View> T findViewById(int id) {
        T self = super.findViewById(id);
        if (self != null) return self;
        for (View child : mChildren) {
            T found = child.findViewById(id);
            if (found != null) return found;
        }
        return null;
    }
}
