package com.android.internal.sandbox;

import android.app.Activity;
import android.app.Dialog;
import android.view.View;
import android.view.ViewGroup;
import android.widget.LinearLayout;
import android.widget.TextView;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The sandbox screen: a stack of activity windows with dialogs on top. Lays views out on a
 * 1080x2400 display, dumps the top window in uiautomator's XML format and dispatches taps to
 * View.performClick, as a touch on a phone does. Must be used on the main thread.
 */
public final class WindowManagerImpl {
    public static final int WIDTH = 1080;
    public static final int HEIGHT = 2400;
    private static final int ROW = 150;
    private static final WindowManagerImpl INSTANCE = new WindowManagerImpl();

    private final List<Activity> mActivities = new ArrayList<>();
    private final List<Dialog> mDialogs = new ArrayList<>();
    private final Map<Integer, String> mIdNames = new HashMap<>();
    private String mPackage = "";

    public static WindowManagerImpl get() { return INSTANCE; }

    void init(String packageName) {
        mPackage = packageName;
        indexIds("android.R$id", "android");
        indexIds(packageName + ".R$id", packageName);
    }

    private void indexIds(String className, String pkg) {
        try {
            Class<?> ids = Class.forName(className);
            for (Field f : ids.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class) {
                    f.setAccessible(true);
                    mIdNames.put(f.getInt(null), pkg + ":id/" + f.getName());
                }
            }
        } catch (ClassNotFoundException e) {
            // An app without an R class has no resource ids; that is allowed.
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    void addActivity(Activity a) { mActivities.add(a); }
    void removeActivity(Activity a) { mActivities.remove(a); }
    public void addDialog(Dialog d) { mDialogs.add(d); }
    /** A system window's resource id name (its ids are not in the app's R class). */
    public void registerId(int id, String name) { mIdNames.put(id, name); }
    public void removeDialog(Dialog d) { mDialogs.remove(d); }
    List<Activity> activities() { return mActivities; }

    /** A laid-out node of the top window. */
    private static final class Node {
        final View view;
        final int left, top, right, bottom;
        final List<Node> children = new ArrayList<>();
        Node(View view, int left, int top, int right, int bottom) {
            this.view = view; this.left = left; this.top = top; this.right = right; this.bottom = bottom;
        }
        boolean contains(int x, int y) { return x >= left && x < right && y >= top && y < bottom; }
    }

    private static int measure(View v) {
        if (v.getVisibility() != View.VISIBLE) return 0;
        if (v instanceof ViewGroup) {
            ViewGroup g = (ViewGroup) v;
            boolean horizontal = g instanceof LinearLayout && ((LinearLayout) g).getOrientation() == LinearLayout.HORIZONTAL;
            int h = 0;
            for (int i = 0; i < g.getChildCount(); i++) {
                int ch = measure(g.getChildAt(i));
                h = horizontal ? Math.max(h, ch) : h + ch;
            }
            return h;
        }
        return ROW;
    }

    private static Node layout(View v, int left, int top, int width) {
        int height = measure(v);
        Node n = new Node(v, left, top, left + width, top + height);
        if (v instanceof ViewGroup) {
            ViewGroup g = (ViewGroup) v;
            boolean horizontal = g instanceof LinearLayout && ((LinearLayout) g).getOrientation() == LinearLayout.HORIZONTAL;
            List<View> visible = new ArrayList<>();
            for (int i = 0; i < g.getChildCount(); i++) if (g.getChildAt(i).getVisibility() == View.VISIBLE) visible.add(g.getChildAt(i));
            int x = left, y = top;
            for (int i = 0; i < visible.size(); i++) {
                View c = visible.get(i);
                if (horizontal) {
                    int w = i == visible.size() - 1 ? left + width - x : width / visible.size();
                    n.children.add(layout(c, x, top, w));
                    x += w;
                } else {
                    Node cn = layout(c, left, y, width);
                    n.children.add(cn);
                    y = cn.bottom;
                }
            }
        }
        return n;
    }

    /** The top window's root: the top dialog if any, else the top activity's content. */
    private Node topWindow() {
        if (!mDialogs.isEmpty()) {
            Dialog d = mDialogs.get(mDialogs.size() - 1);
            View content = d.getContentView();
            if (content == null) return null;
            int h = Math.max(measure(content), ROW);
            int top = (HEIGHT - h) / 2;
            return layout(content, 90, top, WIDTH - 180);
        }
        for (int i = mActivities.size() - 1; i >= 0; i--) {
            View content = mActivities.get(i).getContentView();
            if (content != null) {
                Node root = new Node(null, 0, 0, WIDTH, HEIGHT);
                root.children.add(layout(content, 0, 0, WIDTH));
                return root;
            }
        }
        return null;
    }

    private static String frameworkClass(View v) {
        if (v == null) return "android.widget.FrameLayout";
        Class<?> c = v.getClass();
        while (c != null && (!c.getName().startsWith("android.") || c.getName().indexOf('$') >= 0)) c = c.getSuperclass();
        return c == null ? "android.view.View" : c.getName();
    }

    private String resourceId(View v) {
        if (v == null) return "android:id/content";
        String name = mIdNames.get(v.getId());
        return name == null ? "" : name;
    }

    private static String esc(CharSequence s) {
        if (s == null) return "";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&': sb.append("&amp;"); break;
                case '<': sb.append("&lt;"); break;
                case '>': sb.append("&gt;"); break;
                case '"': sb.append("&quot;"); break;
                case '\'': sb.append("&apos;"); break;
                case '\n': sb.append("&#10;"); break;
                default: sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The package of the top window: a system dialog's own, else the app's. */
    private String topPackage() {
        if (!mDialogs.isEmpty()) {
            String pkg = mDialogs.get(mDialogs.size() - 1).getWindowPackage();
            if (pkg != null) return pkg;
        }
        return mPackage;
    }

    private void dumpNode(StringBuilder sb, Node n, int index, String pkg) {
        View v = n.view;
        boolean clickable = v != null && v.isClickable();
        boolean checkable = v instanceof android.widget.CompoundButton;
        boolean checked = checkable && ((android.widget.CompoundButton) v).isChecked();
        CharSequence text = v instanceof TextView ? ((TextView) v).getText() : "";
        sb.append("<node index=\"").append(index)
          .append("\" text=\"").append(esc(text))
          .append("\" resource-id=\"").append(esc(resourceId(v)))
          .append("\" class=\"").append(frameworkClass(v))
          .append("\" package=\"").append(esc(pkg))
          .append("\" content-desc=\"").append(esc(v == null ? null : v.getContentDescription()))
          .append("\" checkable=\"").append(checkable).append("\" checked=\"").append(checked)
          .append("\" clickable=\"").append(clickable)
          .append("\" enabled=\"").append(v == null || v.isEnabled())
          .append("\" focusable=\"").append(clickable)
          .append("\" focused=\"false\" scrollable=\"false\" long-clickable=\"false\" password=\"false\" selected=\"false\" bounds=\"[")
          .append(n.left).append(',').append(n.top).append("][").append(n.right).append(',').append(n.bottom).append("]\"");
        if (n.children.isEmpty()) {
            sb.append(" />");
            return;
        }
        sb.append('>');
        for (int i = 0; i < n.children.size(); i++) dumpNode(sb, n.children.get(i), i, pkg);
        sb.append("</node>");
    }

    /** uiautomator-format dump of the top window (what `uiautomator dump` writes on a phone). */
    public String dump() {
        StringBuilder sb = new StringBuilder("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?><hierarchy rotation=\"0\">");
        Node root = topWindow();
        if (root != null) dumpNode(sb, root, 0, topPackage());
        return sb.append("</hierarchy>").toString();
    }

    private static Node hit(Node n, int x, int y) {
        if (!n.contains(x, y)) return null;
        for (int i = n.children.size() - 1; i >= 0; i--) {
            Node h = hit(n.children.get(i), x, y);
            if (h != null) return h;
        }
        return n.view != null && n.view.isClickable() && n.view.isEnabled() ? n : null;
    }

    /** Result of a tap: the view that received the click, if any. */
    public static final class TapResult {
        public final boolean hit;
        public final String cls, text, resourceId;
        TapResult(boolean hit, String cls, String text, String resourceId) {
            this.hit = hit; this.cls = cls; this.text = text; this.resourceId = resourceId;
        }
    }

    /**
     * `input tap x y`: the deepest clickable view under the point gets performClick(), dispatched as
     * its own input event on the main looper, so an exception in a click handler crashes the app as on
     * Android (the control channel only reports what was hit).
     */
    public TapResult tap(int x, int y) {
        Node root = topWindow();
        if (root == null) return new TapResult(false, "", "", "");
        Node target = hit(root, x, y);
        if (target == null) {
            if (!root.contains(x, y) && !mDialogs.isEmpty()) {
                final Dialog d = mDialogs.get(mDialogs.size() - 1);
                if (d.isCancelable()) new android.os.Handler(android.os.Looper.getMainLooper()).post(d::cancel);
            }
            return new TapResult(false, "", "", "");
        }
        View v = target.view;
        String text = v instanceof TextView ? String.valueOf(((TextView) v).getText()) : "";
        TapResult r = new TapResult(true, frameworkClass(v), text, resourceId(v));
        android.webkit.WebView web = null;
        for (ViewGroup p = v.getParent(); p != null && web == null; p = p.getParent()) {
            if (p instanceof android.webkit.WebView) web = (android.webkit.WebView) p;
        }
        final android.webkit.WebView page = web;
        // A page element's click runs in the page (no View.performClick), as in Chrome's WebView.
        new android.os.Handler(android.os.Looper.getMainLooper()).post(page != null ? () -> page.dispatchElementClick(v) : v::performClick);
        return r;
    }
}
