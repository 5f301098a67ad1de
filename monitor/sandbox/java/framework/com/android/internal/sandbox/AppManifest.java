package com.android.internal.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/** The app's AndroidManifest.xml (plain XML) read from its package jar. */
final class AppManifest {
    static final String ANDROID_NS = "http://schemas.android.com/apk/res/android";

    final String packageName;
    final String versionName;
    final int versionCode;
    final String applicationClass;
    final String launcherActivity;
    final String label;
    final Set<String> permissions = new LinkedHashSet<>();

    private AppManifest(Element manifest) {
        packageName = manifest.getAttribute("package");
        if (packageName.isEmpty()) throw new IllegalArgumentException("manifest has no package attribute");
        versionName = attr(manifest, "versionName", "1.0");
        int vc;
        try { vc = Integer.parseInt(attr(manifest, "versionCode", "1")); } catch (NumberFormatException e) { vc = 1; }
        versionCode = vc;
        NodeList perms = manifest.getElementsByTagName("uses-permission");
        for (int i = 0; i < perms.getLength(); i++) permissions.add(attr((Element) perms.item(i), "name", ""));
        NodeList apps = manifest.getElementsByTagName("application");
        Element app = apps.getLength() > 0 ? (Element) apps.item(0) : null;
        String appName = app == null ? "" : attr(app, "name", "");
        applicationClass = appName.isEmpty() ? null : resolve(appName);
        String appLabel = app == null ? "" : attr(app, "label", "");
        label = appLabel.isEmpty() ? packageName : appLabel;
        String launcher = null;
        if (app != null) {
            NodeList activities = app.getElementsByTagName("activity");
            for (int i = 0; i < activities.getLength() && launcher == null; i++) {
                Element act = (Element) activities.item(i);
                if (hasLauncherFilter(act)) launcher = resolve(attr(act, "name", ""));
            }
        }
        if (launcher == null) throw new IllegalArgumentException("manifest declares no launcher activity (MAIN/LAUNCHER)");
        launcherActivity = launcher;
    }

    /** ".Foo" and "Foo" are relative to the package; "a.b.Foo" is fully qualified (as PackageParser does). */
    String resolve(String name) {
        if (name.startsWith(".")) return packageName + name;
        if (name.indexOf('.') < 0) return packageName + "." + name;
        return name;
    }

    private static String attr(Element e, String name, String def) {
        String v = e.getAttributeNS(ANDROID_NS, name);
        if (v == null || v.isEmpty()) v = e.getAttribute("android:" + name);
        return v == null || v.isEmpty() ? def : v;
    }

    private static boolean hasLauncherFilter(Element activity) {
        NodeList filters = activity.getElementsByTagName("intent-filter");
        for (int i = 0; i < filters.getLength(); i++) {
            Element f = (Element) filters.item(i);
            boolean main = false, launcher = false;
            NodeList actions = f.getElementsByTagName("action");
            for (int j = 0; j < actions.getLength(); j++) main |= "android.intent.action.MAIN".equals(attr((Element) actions.item(j), "name", ""));
            NodeList cats = f.getElementsByTagName("category");
            for (int j = 0; j < cats.getLength(); j++) launcher |= "android.intent.category.LAUNCHER".equals(attr((Element) cats.item(j), "name", ""));
            if (main && launcher) return true;
        }
        return false;
    }

    static AppManifest read(String apkPath) throws IOException {
        try (JarFile jar = new JarFile(apkPath)) {
            ZipEntry entry = jar.getEntry("AndroidManifest.xml");
            if (entry == null) throw new IOException(apkPath + ": no AndroidManifest.xml");
            try (InputStream in = jar.getInputStream(entry)) {
                DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
                f.setNamespaceAware(true);
                f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
                DocumentBuilder b = f.newDocumentBuilder();
                Document doc = b.parse(in);
                return new AppManifest(doc.getDocumentElement());
            } catch (ParserConfigurationException | SAXException e) {
                throw new IOException(apkPath + ": malformed AndroidManifest.xml: " + e.getMessage(), e);
            }
        }
    }
}
