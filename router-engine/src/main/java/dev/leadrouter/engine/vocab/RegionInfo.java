package dev.leadrouter.engine.vocab;

import dev.leadrouter.engine.common.EngineSerializable;

/** Where a lead is: macro region (华东 …), province, city and country. Unknown parts are null. */
public record RegionInfo(String macro, String province, String city, String country)
    implements EngineSerializable {
  public static final String UNKNOWN = "未知";
  public static final String OUTSIDE_MAINLAND = "境外";
  public static final RegionInfo NONE = new RegionInfo(UNKNOWN, null, null, null);
}
