package android.accounts;

import android.content.Context;
import com.android.internal.sandbox.DeviceState;
import org.json.JSONArray;
import org.json.JSONObject;

/** Access to a centralized registry of the user's online accounts. */
public class AccountManager {
    private final DeviceState mState;

    private AccountManager(DeviceState state) { mState = state; }

    public static AccountManager get(Context context) { return new AccountManager(DeviceState.get()); }

    public Account[] getAccounts() {
        JSONArray accounts = mState.array("accounts");
        Account[] out = new Account[accounts.length()];
        for (int i = 0; i < accounts.length(); i++) {
            JSONObject a = accounts.optJSONObject(i);
            out[i] = new Account(a == null ? "" : a.optString("name"), a == null ? "" : a.optString("type"));
        }
        return out;
    }
}
