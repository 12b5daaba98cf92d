/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Laptop-firmware model "field8k" (ASUS N53/K53, Eee PC, Toshiba): _ROM maps
 * a region of Arg1 * 8 bytes (the length taken for bits) and reads it
 * through an 8 KiB field, so any Arg1 below 1024 fails with
 * AE_AML_REGION_LIMIT; otherwise it returns the 8 KiB from Arg0, whatever
 * Arg1 was.  The region here is read for its size check only; the bytes
 * returned come from the image.
 */
DefinitionBlock ("", "SSDT", 2, "OVFTST", "MFIELD8K", 1)
{
    External (\OVRB, MethodObj)

    Device (\_SB.OVM6)
    {
        Name (_HID, "OVFR0006")

        Method (_ROM, 2, Serialized)
        {
            OperationRegion (VROM, SystemMemory, 0x000E0000, (Arg1 * 0x08))
            Field (VROM, QWordAcc, NoLock, Preserve)
            {
                VBUF,   0x10000
            }

            Local0 = VBUF
            Return (\OVRB (Arg0, SizeOf (Local0)))
        }
    }
}
