package bench;

import android.app.Activity;
import android.os.Bundle;
import android.telephony.TelephonyManager;

public class Loop extends Activity {
    @Override protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        TelephonyManager tm = (TelephonyManager) getSystemService(TELEPHONY_SERVICE);
        int n = Integer.getInteger("bench.calls", 2000);
        long sink = 0;
        for (int i = 0; i < 200; i++) sink += tm.getDeviceId().length();  // warm-up
        long[] samples = new long[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            sink += tm.getDeviceId().length();
            samples[i] = System.nanoTime() - t0;
        }
        java.util.Arrays.sort(samples);
        System.out.println("BENCH median_ns=" + samples[n / 2] + " p90_ns=" + samples[(int) (n * 0.9)] + " sink=" + sink);
        System.out.flush();
        System.exit(0);
    }
}
